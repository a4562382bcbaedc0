import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { restoreArticle } from '@/lib/db/articles'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/articles/:id/restore — bring a deleted article back (admin), as it was.
export const POST = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await restoreArticle({ id: (await params).id, actor }))
})

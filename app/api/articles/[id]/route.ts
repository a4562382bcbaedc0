import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { getArticle } from '@/lib/db/articles'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id — the article with its body exactly as imported.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await getArticle({ id: (await params).id, actor }))
})

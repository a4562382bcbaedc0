import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { listRevisions } from '@/lib/db/revisions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/revisions — every revision: number, reason, who, when, length.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json({ revisions: await listRevisions({ articleId: (await params).id, actor }) })
})

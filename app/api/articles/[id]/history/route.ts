import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { getArticleHistory } from '@/lib/db/history'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/history — the article's audit trail, oldest first.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json({ events: await getArticleHistory({ articleId: (await params).id, actor }) })
})

import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { getArticleHistory } from '@/lib/db/history'
import { historyQuerySchema } from '@/lib/validation/history'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/history[?after=<id>&limit=] — the article's audit trail, oldest first, a
// page at a time: {events, nextCursor} (nextCursor: pass as `after` for the next page; null at the end).
export const GET = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const { after, limit } = readQuery(req, historyQuerySchema)
  return json(await getArticleHistory({ articleId: (await params).id, actor, after, limit }))
})

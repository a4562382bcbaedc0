import { apiRoute } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { assertLiveArticle } from '@/lib/db/live'
import { eventStream } from '@/lib/live/sse'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/events — Server-Sent Events: annotation, suggestion, review, comment,
// revision, presence (and article) events of this article as they commit, on any app instance.
// `Last-Event-ID` (or ?lastEventId=) replays every later event first. 401 signed out, 404 unknown.
export const GET = apiRoute(async (req, { params }: Ctx) => {
  const user = await requirePermission('articles.read')
  const { id } = await params
  await assertLiveArticle(id)
  return eventStream(req, user, { kind: 'article', articleId: id })
})

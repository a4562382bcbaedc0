import { apiRoute } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { eventStream } from '@/lib/live/sse'

export const runtime = 'nodejs'

// GET /api/review-queue/events — Server-Sent Events for the review queue: fixes created, changed,
// reviewed and published, on any article, as they commit. `Last-Event-ID` replays.
export const GET = apiRoute(async (req) => {
  const user = await requirePermission('articles.read')
  return eventStream(req, user, { kind: 'queue' })
})

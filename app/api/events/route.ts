import { apiRoute } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { eventStream } from '@/lib/live/sse'

export const runtime = 'nodejs'

// GET /api/events — Server-Sent Events of every article (the article list's counts and viewers).
// `Last-Event-ID` replays.
export const GET = apiRoute(async (req) => {
  const user = await requirePermission('articles.read')
  return eventStream(req, user, { kind: 'desk' })
})

import { apiRoute, json } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { assertLiveArticle, presenceViewers } from '@/lib/db/live'
import { PRESENCE_STALE_MS } from '@/lib/live/hub'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/presence — {viewers: [{id, name, since}]}: everyone with an open event
// stream of this article on any app instance, once per person.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  await requirePermission('articles.read')
  const { id } = await params
  await assertLiveArticle(id)
  return json({ viewers: await presenceViewers(id, PRESENCE_STALE_MS) }, { headers: { 'cache-control': 'no-store' } })
})

import { hub } from '@/lib/live/hub'
import { checksThread } from '@/lib/suggest/off-thread'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

// GET /api/health/live — this instance's live hub: {streams, listening, checks} (open event
// streams, whether its LISTEN connection is up, and where the suggestion checks run: on their own
// worker thread, so they never hold up live events). For monitoring; no names, no ids.
export async function GET(): Promise<Response> {
  const { streams, listening } = hub().stats()
  // For `npm run bench` only (GALLEY_EXPOSE_MEMORY=1 and node --expose-gc): live heap after a full GC.
  const gc = (globalThis as { gc?: () => void }).gc
  const memory = process.env.GALLEY_EXPOSE_MEMORY === '1' && gc ? (gc(), process.memoryUsage()) : undefined
  return Response.json({ streams, listening, checks: checksThread(), ...(memory ? { memory } : {}) }, { headers: { 'cache-control': 'no-store' } })
}

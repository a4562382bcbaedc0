import { hub } from '@/lib/live/hub'
import { offloadStats } from '@/lib/server/offload'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

// GET /api/health/live — this instance's live hub and offload pool: {streams, listening, checks,
// offload} (open event streams, whether its LISTEN connection is up, where the CPU-heavy work runs —
// on worker threads, so it never holds up requests or live events — with its threads, tasks
// running and waiting, and tasks stopped over their budget). For monitoring; no names, no ids.
export async function GET(): Promise<Response> {
  const { streams, listening } = hub().stats()
  // For `npm run bench` only (GALLEY_EXPOSE_MEMORY=1 and node --expose-gc): live heap after a full GC.
  const gc = (globalThis as { gc?: () => void }).gc
  const memory = process.env.GALLEY_EXPOSE_MEMORY === '1' && gc ? (gc(), process.memoryUsage()) : undefined
  const offload = offloadStats()
  return Response.json({ streams, listening, checks: offload.mode, offload, ...(memory ? { memory } : {}) }, { headers: { 'cache-control': 'no-store' } })
}

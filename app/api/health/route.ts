import { isDatabaseUp } from '@/lib/db/health'
import { hub } from '@/lib/live/hub'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

// GET /api/health — liveness for load balancers: 200 when the database answers, 503 when not;
// `live` says how many event streams this instance serves and whether it is listening.
export async function GET(): Promise<Response> {
  const up = await isDatabaseUp()
  // For `npm run bench` only (GALLEY_EXPOSE_MEMORY=1 and node --expose-gc): live heap after a full GC.
  const gc = (globalThis as { gc?: () => void }).gc
  const memory = process.env.GALLEY_EXPOSE_MEMORY === '1' && gc ? (gc(), process.memoryUsage()) : undefined
  return Response.json(
    { status: up ? 'ok' : 'degraded', db: up ? 'ok' : 'down', live: (({ streams, listening }) => ({ streams, listening }))(hub().stats()), ...(memory ? { memory } : {}) },
    { status: up ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  )
}

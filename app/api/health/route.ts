import { isDatabaseUp } from '@/lib/db/health'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

// GET /api/health — liveness for load balancers: 200 when the database answers, 503 when not.
export async function GET(): Promise<Response> {
  const up = await isDatabaseUp()
  return Response.json(
    { status: up ? 'ok' : 'degraded', db: up ? 'ok' : 'down' },
    { status: up ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  )
}

import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { similarToAnnotation } from '@/lib/db/claims'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/annotations/:id/similar — the same claim, checked before in other articles:
// {matches: [{annotation, article: {id, title}, score, reason}]}, best first.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json({ matches: await similarToAnnotation({ id: (await params).id, actor }) })
})

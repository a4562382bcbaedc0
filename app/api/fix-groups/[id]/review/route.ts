import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { reviewFixGroup } from '@/lib/db/reviews'
import { groupReviewSchema } from '@/lib/validation/annotations'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/fix-groups/:id/review — approve or reject every open fix of a group: each its own
// review (not by anyone who wrote one of them), all or none.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readJson(req, groupReviewSchema)
  return json(await reviewFixGroup({ groupId: (await params).id, input, actor }))
})

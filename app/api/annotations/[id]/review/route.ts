import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { reviewFix } from '@/lib/db/reviews'
import { reviewSchema } from '@/lib/validation/annotations'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/annotations/:id/review — approve or reject a proposed fix (reviewer, not its author).
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readJson(req, reviewSchema)
  return json(await reviewFix({ annotationId: (await params).id, input, actor }))
})

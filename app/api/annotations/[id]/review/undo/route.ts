import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { undoReview } from '@/lib/db/reviews'
import { reviewUndoSchema } from '@/lib/validation/annotations'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/annotations/:id/review/undo — {"reviewId"}: the reviewer takes back their own decision
// within a minute (200 the fix, open again); 403 for anyone else, 409 once anything built on it.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const { reviewId } = await readJson(req, reviewUndoSchema)
  return json({ fix: await undoReview({ annotationId: (await params).id, reviewId, actor }) })
})

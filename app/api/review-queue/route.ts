import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { listReviewQueue } from '@/lib/db/reviews'

export const runtime = 'nodejs'

// GET /api/review-queue — open fixes across articles, oldest first, with their sentence.
export const GET = apiRoute(async () => {
  const actor = await requireUser()
  return json({ items: await listReviewQueue({ actor }) })
})

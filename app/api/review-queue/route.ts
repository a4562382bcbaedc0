import { z } from 'zod'
import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { QUEUE_MAX_PAGE_SIZE, QUEUE_PAGE_SIZE, listReviewQueue } from '@/lib/db/reviews'

export const runtime = 'nodejs'

const querySchema = z.object({
  cursor: z.string().max(200, 'is not a cursor this queue gave out').optional(),
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(QUEUE_MAX_PAGE_SIZE, `must be at most ${QUEUE_MAX_PAGE_SIZE}`).default(QUEUE_PAGE_SIZE),
  article: z.string().max(36).optional(),
})

// GET /api/review-queue[?cursor=…&limit=…&article=…] — open fixes the caller may decide on, oldest
// first, a page at a time: {items, total, nextCursor, own}.
export const GET = apiRoute(async (req) => {
  const actor = await requireUser()
  const { cursor, limit, article } = readQuery(req, querySchema)
  return json(await listReviewQueue({ actor, cursor, limit, articleId: article }))
})

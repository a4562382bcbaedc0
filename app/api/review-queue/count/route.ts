import { z } from 'zod'
import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { countReviewQueue } from '@/lib/db/reviews'

export const runtime = 'nodejs'

const querySchema = z.object({ article: z.string().max(36).optional() })

// GET /api/review-queue/count[?article=…] — {total}: how many fixes wait in the caller's queue (the
// `total` of GET /api/review-queue), in one query. Every open page's header refreshes it on queue
// events, so it reads no fix, comment or article text.
export const GET = apiRoute(async (req) => {
  const actor = await requireUser()
  const { article } = readQuery(req, querySchema)
  return json({ total: await countReviewQueue({ actor, articleId: article }) })
})

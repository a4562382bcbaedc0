import { z } from 'zod'
import { isEventId } from './numbers'

export const HISTORY_PAGE_SIZE = 200

/** GET /api/articles/:id/history's query string: the page after an event id (oldest first). */
export const historyQuerySchema = z.object({
  after: z.string().refine(isEventId, 'must be the id of an event (a cursor this history gave out)').optional(),
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(500, 'must be at most 500').default(HISTORY_PAGE_SIZE),
})
export type HistoryQuery = z.infer<typeof historyQuerySchema>

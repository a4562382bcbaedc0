import { z } from 'zod'

const when = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/, 'must be a date (YYYY-MM-DD) or an ISO 8601 instant')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date')

/** GET /api/report's query: a period (a day `to` is included whole), an article, CSV or JSON. */
export const reportQuerySchema = z.object({
  from: when.optional(),
  to: when.optional(),
  article: z.string().max(36).optional(),
  format: z.enum(['json', 'csv'], { message: 'must be json or csv' }).default('json'),
})

const DAY = 86_400_000
/** The period asked for: [from, to), to a day's end when `to` is a day; the last 30 days by default. */
export function reportPeriod(q: { from?: string; to?: string }, now = new Date()): { from: Date; to: Date } {
  const to = q.to ? (/^\d{4}-\d{2}-\d{2}$/.test(q.to) ? new Date(Date.parse(q.to) + DAY) : new Date(q.to)) : now
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY)
  return { from, to }
}

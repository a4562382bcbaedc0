import { z } from 'zod'
import { ANNOTATION_KINDS, ANNOTATION_STATUSES, ARTICLE_STATUSES, ERROR_CATEGORIES, VERDICTS } from './vocabulary'

export const SEARCH_MAX_QUERY = 999
export const SEARCH_PAGE_SIZE = 20

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `must be one of: ${values.join(', ')}` }).optional()
/** A day (2026-12-01) or an instant (2026-12-01T10:00:00Z). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/, 'must be a date (YYYY-MM-DD) or an ISO 8601 instant')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date')
  .optional()

/** GET /api/search's query string. */
export const searchQuerySchema = z.object({
  q: z.string().max(SEARCH_MAX_QUERY, `must be shorter than ${SEARCH_MAX_QUERY + 1} characters`).default(''),
  type: oneOf(['article', 'annotation', 'comment'] as const),
  kind: oneOf(ANNOTATION_KINDS),
  status: oneOf(ANNOTATION_STATUSES),
  verdict: oneOf(VERDICTS),
  category: oneOf(ERROR_CATEGORIES),
  author: z.string().max(320).optional(),
  articleStatus: oneOf(ARTICLE_STATUSES),
  from: day,
  to: day,
  cursor: z.string().max(100, 'is not a cursor this search gave out').optional(),
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(50, 'must be at most 50').default(SEARCH_PAGE_SIZE),
})
export type SearchQuery = z.infer<typeof searchQuerySchema>

/** GET /api/claims/similar's query string. */
export const similarClaimsSchema = z.object({
  text: z.string().trim().min(1, 'is required: the claim’s words').max(2000, 'must be at most 2,000 characters'),
  article: z.string().max(36).optional(),
})

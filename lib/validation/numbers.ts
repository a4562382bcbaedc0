import { z } from 'zod'

/** PostgreSQL's `integer` is 32-bit: a larger number can never name a stored row or revision. */
export const INT32_MAX = 2_147_483_647

/**
 * Whether `s` is the id of an event in the audit log (a PostgreSQL bigint, as digits): a history
 * cursor, a stream's Last-Event-ID. Larger would reach the log's query and fail there.
 */
export function isEventId(s: string): boolean {
  return /^\d{1,19}$/.test(s) && BigInt(s) <= BigInt('9223372036854775807')
}

/** A whole number from `min` to 2³¹−1 (so it fits the column it is compared with). */
export const int32 = (message: string, min = 1) =>
  z
    .number({ message })
    .int('must be a whole number')
    .min(min, min === 1 ? 'must be 1 or more' : `must be ${min} or more`)
    .max(INT32_MAX, `must be at most ${INT32_MAX}`)

/** The same, from a query string or path segment ("7" → 7). */
export const int32Param = (min = 1) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be ${min} or more`)
    .max(INT32_MAX, `must be at most ${INT32_MAX}`)

/** A position in an article's text, in Unicode code points (W3C TextPositionSelector). */
export const offset = z.number({ message: 'must be a number' }).int('must be a whole number of code points').min(0, 'must not be negative').max(50_000_000, 'is beyond any article')

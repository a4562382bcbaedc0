/**
 * A request body's JSON, read as every route reads it: 400 when it is not JSON, 422 naming the
 * first string holding a lone surrogate. Pure (no server-only code), so the offload pool's threads
 * can parse a large body where parsing it would hold up the server.
 */
import { AppError, fieldsError } from '@/lib/errors'

/**
 * The path of the first string (or key) holding a lone surrogate, such as JSON's "\ud800": no
 * Unicode text contains one, and PostgreSQL would store U+FFFD instead, so the body would not
 * round-trip.
 */
export function illFormedPath(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return value.isWellFormed() ? null : path
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedPath(value[i], [...path, String(i)])
      if (found) return found
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (!key.isWellFormed()) return [...path, key.toWellFormed()]
      const found = illFormedPath(v, [...path, key])
      if (found) return found
    }
  }
  return null
}

/** JSON text → value, or the error contract's 400/422. */
export function parseJsonText(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.')
  }
  const bad = illFormedPath(value)
  if (bad) {
    const path = bad.join('.') || '(body)'
    throw fieldsError([{ path, message: 'contains a lone surrogate (\\ud800–\\udfff without its pair), which is not Unicode text' }])
  }
  return value
}

/**
 * A request body's JSON, read as every route reads it: 400 when it is not JSON, 422 naming the
 * first string holding a lone surrogate. Pure (no server-only code), so the offload pool's threads
 * can parse a large body where parsing it would hold up the server.
 */
import { AppError, fieldsError } from '@/lib/errors'

/**
 * The path of the first string (or key) holding a lone surrogate, such as JSON's "\ud800": no
 * Unicode text contains one, and PostgreSQL would store U+FFFD instead, so the body would not
 * round-trip. Walked with a stack of its own, not by recursion, and the path is built only for the
 * string found: a value nested thousands deep costs its size, not its depth squared (or a stack
 * overflow).
 */
export function illFormedPath(value: unknown): string[] | null {
  type Frame = { value: unknown; key: string | null; parent: Frame | null }
  const pathOf = (frame: Frame | null, last?: string) => {
    const out: string[] = []
    for (let f = frame; f && f.key !== null; f = f.parent) out.push(f.key)
    out.reverse()
    if (last !== undefined) out.push(last)
    return out
  }
  const stack: Frame[] = [{ value, key: null, parent: null }]
  while (stack.length) {
    const frame = stack.pop()!
    const v = frame.value
    if (typeof v === 'string') {
      if (!v.isWellFormed()) return pathOf(frame)
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: String(i), parent: frame })
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v)
      for (const [key] of entries) if (!key.isWellFormed()) return pathOf(frame, key.toWellFormed())
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], key: entries[i][0], parent: frame })
    }
  }
  return null
}

/** A lone surrogate can only come from a `\u` escape (the body was decoded as strict UTF-8). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/

/** JSON text → value, or the error contract's 400/422. */
export function parseJsonText(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.')
  }
  // Most bodies have no surrogate escape at all: then there is nothing to walk.
  const bad = SURROGATE_ESCAPE.test(text) ? illFormedPath(value) : null
  if (bad) {
    const path = bad.join('.') || '(body)'
    throw fieldsError([{ path, message: 'contains a lone surrogate (\\ud800–\\udfff without its pair), which is not Unicode text' }])
  }
  return value
}

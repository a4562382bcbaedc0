/**
 * Apply approved fixes to an article's text, and find fixes that collide. Pure; offsets are code
 * points of the text the fixes were made on.
 */
import { OffsetMap, codePointLength } from '@/lib/text/offsets'

export type Fix = { id: string; start: number; end: number; correction: string }

/**
 * Whether two spans collide for the purpose of approving both. Overlapping spans collide; so do
 * two insertions at the same point and an insertion strictly inside a replaced span. Spans that
 * only touch (one ends where the other starts) do not: both can be applied.
 */
export function fixesCollide(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start
  if (a.start === a.end) return a.start > b.start && a.start < b.end
  if (b.start === b.end) return b.start > a.start && b.start < a.end
  return a.start < b.end && b.start < a.end
}

/** The first fix in `others` that collides with `fix`, if any. */
export function findCollision<T extends { start: number; end: number }>(fix: { start: number; end: number }, others: T[]): T | undefined {
  return others.find((o) => fixesCollide(fix, o))
}

export class FixConflictError extends Error {
  constructor(readonly a: Fix, readonly b: Fix) {
    super(`Fixes ${a.id} and ${b.id} overlap; only one of them can be applied.`)
  }
}

/**
 * The text with every fix applied. Fixes may come in any order; they must not collide
 * (FixConflictError otherwise). Fixes are applied from the end so earlier offsets stay valid.
 */
export function applyFixes(text: string, fixes: Fix[]): string {
  const map = new OffsetMap(text)
  const sorted = [...fixes].sort((x, y) => x.start - y.start || x.end - y.end)
  for (const f of sorted) {
    if (f.start < 0 || f.end < f.start || f.end > map.length) throw new RangeError(`Fix ${f.id} is outside the text.`)
  }
  for (let i = 1; i < sorted.length; i++) {
    if (fixesCollide(sorted[i - 1], sorted[i])) throw new FixConflictError(sorted[i - 1], sorted[i])
  }
  const parts: string[] = []
  let cursor = 0
  for (const f of sorted) {
    parts.push(text.slice(cursor, map.toUtf16(f.start)), f.correction)
    cursor = map.toUtf16(f.end)
  }
  parts.push(text.slice(cursor))
  return parts.join('')
}

/**
 * Where each fix's correction lies in the text `applyFixes` returns for the same fixes: code-point
 * spans, in text order (a deletion becomes an empty span where the words were).
 */
export function correctedSpans<F extends { start: number; end: number; correction: string }>(fixes: F[]): Array<{ fix: F; start: number; end: number }> {
  let shift = 0
  return [...fixes]
    .sort((x, y) => x.start - y.start || x.end - y.end)
    .map((fix) => {
      const start = fix.start + shift
      const end = start + codePointLength(fix.correction)
      shift += end - start - (fix.end - fix.start)
      return { fix, start, end }
    })
}

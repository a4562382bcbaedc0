import type { Span } from '@/lib/text/sentences'

/** Ranges sorted and joined where they overlap or touch (a gap between two stays a gap). */
export function mergeRanges(ranges: Span[]): Span[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start)
  const out: Span[] = []
  for (const r of sorted) {
    const last = out[out.length - 1]
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end)
    else out.push({ ...r })
  }
  return out
}

/** Whether [start, end) lies inside one of `ranges` (sorted and merged: mergeRanges), by binary search. */
export function insideRanges(ranges: Span[], start: number, end: number): boolean {
  let lo = 0
  let hi = ranges.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (ranges[mid].end < end) lo = mid + 1
    else if (ranges[mid].start > start) hi = mid - 1
    else return true
  }
  return false
}

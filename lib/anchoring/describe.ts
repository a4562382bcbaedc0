/**
 * Describe a span of an article as W3C selectors: TextPositionSelector (code points) and
 * TextQuoteSelector (exact, prefix, suffix). Pure.
 */
import { OffsetMap } from '@/lib/text/offsets'

/** As Hypothesis: enough context to tell repeated phrases apart. */
export const CONTEXT_CHARS = 32

export type Selectors = { start: number; end: number; exact: string; prefix: string; suffix: string }

/** Selectors for code points [start, end) of `text`; `map` may be reused across calls. */
export function describeSpan(text: string, start: number, end: number, map = new OffsetMap(text)): Selectors {
  return {
    start,
    end,
    exact: map.slice(start, end),
    prefix: map.slice(Math.max(0, start - CONTEXT_CHARS), start),
    suffix: map.slice(end, Math.min(map.length, end + CONTEXT_CHARS)),
  }
}

/**
 * Find the best place for a quote in a text, allowing errors, scored by how well the quote, its
 * prefix and suffix context and its expected position agree — the scoring Hypothesis uses in its
 * match-quote.ts (weights 50/20/20/2), on top of the bit-parallel approximate search in
 * `approx-string-match`. Pure; offsets are UTF-16 indexes.
 */
import search from 'approx-string-match'

export type QuoteContext = {
  prefix?: string
  suffix?: string
  hint?: number
  /** Look for approximate matches only within this many characters of `hint` (verbatim ones anywhere). */
  radius?: number
}
export type QuoteMatch = { start: number; end: number; score: number; errors: number }

const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 }
const TOTAL = WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position

/** How well `candidate` matches `expected` (1 = identical, 0 = nothing in common). */
function contextScore(candidate: string, expected: string): number {
  if (!expected || !candidate) return 0
  const found = search(candidate, expected, expected.length)
  if (found.length === 0) return 0
  return 1 - Math.min(...found.map((m) => m.errors)) / expected.length
}

/**
 * The best match of `quote` in `text`, or null when nothing within min(256, quote/2) errors.
 * Ties go to the earliest start.
 */
export function matchQuote(text: string, quote: string, context: QuoteContext = {}): QuoteMatch | null {
  if (!quote || !text) return null
  const maxErrors = Math.min(256, Math.floor(quote.length / 2))
  // Exact occurrences first: cheap, and the approximate search would find them anyway.
  const candidates: Array<{ start: number; end: number; errors: number }> = []
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) candidates.push({ start: i, end: i + quote.length, errors: 0 })
  if (candidates.length === 0) {
    const from = context.radius !== undefined && context.hint !== undefined ? Math.max(0, context.hint - context.radius) : 0
    const to = context.radius !== undefined && context.hint !== undefined ? Math.min(text.length, context.hint + context.radius + quote.length) : text.length
    for (const m of search(text.slice(from, to), quote, maxErrors)) candidates.push({ start: m.start + from, end: m.end + from, errors: m.errors })
  }
  if (candidates.length === 0) return null
  let best: QuoteMatch | null = null
  for (const m of candidates) {
    const quoteScore = 1 - m.errors / quote.length
    const prefixScore = context.prefix ? contextScore(text.slice(Math.max(0, m.start - context.prefix.length), m.start), context.prefix) : 1
    const suffixScore = context.suffix ? contextScore(text.slice(m.end, m.end + context.suffix.length), context.suffix) : 1
    const positionScore = context.hint === undefined ? 1 : 1 - Math.abs(m.start - context.hint) / text.length
    const score = (WEIGHTS.quote * quoteScore + WEIGHTS.prefix * prefixScore + WEIGHTS.suffix * suffixScore + WEIGHTS.position * positionScore) / TOTAL
    if (!best || score > best.score || (score === best.score && m.start < best.start)) best = { start: m.start, end: m.end, score, errors: m.errors }
  }
  return best
}

/**
 * Find the best place for a quote in a text, allowing errors, scored by how well the quote, its
 * prefix and suffix context and its expected position agree — the scoring Hypothesis uses in its
 * match-quote.ts (weights 50/20/20/2), on top of the bit-parallel approximate search in
 * `approx-string-match`. Pure; offsets are UTF-16 indexes.
 *
 * Bounded whatever it is given: only the CONTEXT_CHARS_SCORED characters of prefix and suffix
 * nearest the quote are scored (a context of any length costs what 64 characters do), at most
 * MAX_CANDIDATES places are scored (those whose context agrees best, character for character), and an approximate search is narrowed around the hint, or not
 * made, when it would cost more than MAX_SEARCH_COST (text length × 32-character blocks of the
 * quote). A call costs at most a few hundred milliseconds on a 5 MB text.
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

/** Characters of prefix and suffix scored: twice what Galley and Hypothesis store (32). */
export const CONTEXT_CHARS_SCORED = 64
/** Places scored at most (a one-word quote may occur thousands of times): see shortlist(). */
export const MAX_CANDIDATES = 200
/** The most an approximate search may cost: characters searched × 32-character blocks of the quote (~0.3 s). */
export const MAX_SEARCH_COST = 40_000_000

/** How well `candidate` matches `expected` (1 = identical, 0 = nothing in common). Both are short (≤ 64). */
function contextScore(candidate: string, expected: string): number {
  if (!expected || !candidate) return 0
  const found = search(candidate, expected, expected.length)
  if (found.length === 0) return 0
  let least = Infinity
  for (const m of found) if (m.errors < least) least = m.errors
  return 1 - least / expected.length
}

/** The window an approximate search may look in: [from, to), within the cost bound, or null. */
function searchWindow(textLength: number, quoteLength: number, context: QuoteContext): { from: number; to: number } | null {
  const blocks = Math.ceil(quoteLength / 32)
  const affordable = Math.floor(MAX_SEARCH_COST / blocks)
  let from = 0
  let to = textLength
  if (context.hint !== undefined && context.radius !== undefined) {
    from = Math.max(0, context.hint - context.radius)
    to = Math.min(textLength, context.hint + context.radius + quoteLength)
  }
  if (to - from <= affordable) return { from, to }
  // Too costly over the whole window: near the hint only, or not at all.
  if (context.hint === undefined || affordable < quoteLength * 2) return null
  const half = Math.floor((affordable - quoteLength) / 2)
  from = Math.max(from, context.hint - half)
  to = Math.min(to, context.hint + half + quoteLength)
  return to > from ? { from, to } : null
}

/** Characters of `prefix` that end the text right before `at`, and of `suffix` that start it right after `end`. */
function contextAgreement(text: string, at: number, end: number, prefix: string, suffix: string): number {
  let n = 0
  while (n < prefix.length && at - n - 1 >= 0 && text.charCodeAt(at - n - 1) === prefix.charCodeAt(prefix.length - n - 1)) n++
  let m = 0
  while (m < suffix.length && end + m < text.length && text.charCodeAt(end + m) === suffix.charCodeAt(m)) m++
  return n + m
}

/**
 * The MAX_CANDIDATES verbatim occurrences (of many) whose context agrees best, then nearest the
 * hint: bucketed by agreement (0–128 characters), so a few million occurrences cost linear time.
 */
function shortlistStarts(starts: number[], length: number, text: string, prefix: string, suffix: string, hint: number | undefined) {
  const buckets: number[][] = Array.from({ length: prefix.length + suffix.length + 1 }, () => [])
  for (const start of starts) buckets[prefix || suffix ? contextAgreement(text, start, start + length, prefix, suffix) : 0].push(start)
  const distance = (start: number) => (hint === undefined ? start : Math.abs(start - hint))
  const picked: number[] = []
  for (let a = buckets.length - 1; a >= 0 && picked.length < MAX_CANDIDATES; a--) {
    const bucket = buckets[a]
    if (picked.length + bucket.length > MAX_CANDIDATES) bucket.sort((x, y) => distance(x) - distance(y))
    picked.push(...bucket.slice(0, MAX_CANDIDATES - picked.length))
  }
  return picked.map((start) => ({ start, end: start + length, errors: 0 }))
}

/**
 * At most `n` candidates to score in full: those with the fewest errors, then the most context
 * agreeing character for character, then nearest the hint (or earliest).
 */
function shortlist<T extends { start: number; end: number; errors: number }>(list: T[], n: number, text: string, prefix: string, suffix: string, hint: number | undefined): T[] {
  if (list.length <= n) return list
  const keyed = list.map((m) => ({ m, agree: prefix || suffix ? contextAgreement(text, m.start, m.end, prefix, suffix) : 0, distance: hint === undefined ? m.start : Math.abs(m.start - hint) }))
  keyed.sort((a, b) => a.m.errors - b.m.errors || b.agree - a.agree || a.distance - b.distance)
  return keyed.slice(0, n).map((k) => k.m)
}

/**
 * The best match of `quote` in `text`, or null when nothing within min(256, quote/2) errors.
 * Ties go to the earliest start.
 */
export function matchQuote(text: string, quote: string, context: QuoteContext = {}): QuoteMatch | null {
  if (!quote || !text) return null
  const maxErrors = Math.min(256, Math.floor(quote.length / 2))
  const prefix = context.prefix ? context.prefix.slice(-CONTEXT_CHARS_SCORED) : ''
  const suffix = context.suffix ? context.suffix.slice(0, CONTEXT_CHARS_SCORED) : ''
  // Exact occurrences first: cheap, and the approximate search would find them anyway. Every one is
  // looked at (a one-letter quote in a 5 MB text: a few million), the best few scored in full.
  let candidates: Array<{ start: number; end: number; errors: number }>
  const starts: number[] = []
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) starts.push(i)
  if (starts.length > MAX_CANDIDATES) candidates = shortlistStarts(starts, quote.length, text, prefix, suffix, context.hint)
  else candidates = starts.map((start) => ({ start, end: start + quote.length, errors: 0 }))
  if (candidates.length === 0) {
    const window = searchWindow(text.length, quote.length, context)
    if (!window) return null
    for (const m of search(text.slice(window.from, window.to), quote, maxErrors)) candidates.push({ start: m.start + window.from, end: m.end + window.from, errors: m.errors })
  }
  if (candidates.length === 0) return null
  candidates = shortlist(candidates, MAX_CANDIDATES, text, prefix, suffix, context.hint)
  let best: QuoteMatch | null = null
  for (const m of candidates) {
    const quoteScore = 1 - m.errors / quote.length
    const prefixScore = prefix ? contextScore(text.slice(Math.max(0, m.start - prefix.length), m.start), prefix) : 1
    const suffixScore = suffix ? contextScore(text.slice(m.end, m.end + suffix.length), suffix) : 1
    const positionScore = context.hint === undefined ? 1 : 1 - Math.abs(m.start - context.hint) / text.length
    const score = (WEIGHTS.quote * quoteScore + WEIGHTS.prefix * prefixScore + WEIGHTS.suffix * suffixScore + WEIGHTS.position * positionScore) / TOTAL
    if (!best || score > best.score || (score === best.score && m.start < best.start)) best = { start: m.start, end: m.end, score, errors: m.errors }
  }
  return best
}

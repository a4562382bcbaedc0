/**
 * Keep annotations on the right words when an article's text changes. In order:
 *  1. map each span through the diff of old → new: unchanged text moves exactly; a span with words
 *     inserted or replaced inside it stretches to cover them (most of it must survive);
 *  2. otherwise search for its quote with its 32-point prefix/suffix and the mapped position as a
 *     hint (matchQuote, Hypothesis' scoring), accepting only scores ≥ MIN_FUZZY_SCORE;
 *  3. below that it is orphaned: kept with its old quote for an editor to re-attach. Never guess.
 * Pure; annotation offsets are code points, as stored.
 */
import { OffsetMap } from '@/lib/text/offsets'
import { describeSpan, type Selectors } from './describe'
import { matchQuote } from './match-quote'
import { diffTexts, equalRuns, locateIndex, type EqualRun } from './text-diff'

/**
 * The lowest score accepted for an approximate (not verbatim) match. Measured on the 12 Wikipedia
 * revision pairs (reanchor.test.ts): of the sentences the diff could not carry, the approximate
 * matches that landed on unrelated text scored 0.44, 0.47 and 0.67; plausible rewordings scored
 * 0.38–0.79. 0.75 keeps a margin above every wrong landing seen and accepts the clearest
 * rewordings; the rest are orphaned for an editor rather than guessed.
 */
export const MIN_FUZZY_SCORE = 0.75
/**
 * A verbatim occurrence of the quote is not a guess about the words, only about which occurrence;
 * context and position choose it, so its floor is lower: the quote alone scores 50/92 ≈ 0.54.
 */
export const MIN_VERBATIM_SCORE = 0.55
/**
 * A span stretches over changes inside it only while most of it still reads the same: its
 * unchanged characters must be at least half of the longer of its old and new text.
 */
export const MIN_STRETCH_SIMILARITY = 0.5
/**
 * Approximate matches are looked for near where the diff put the span (verbatim ones anywhere):
 * text that moved far and was also reworded is orphaned rather than searched for across a book.
 */
export const SEARCH_RADIUS = 10_000

export type AnchorStatus = 'exact' | 'moved' | 'fuzzy' | 'orphaned'
export type Anchorable = { id: string } & Selectors
export type Reanchored = { id: string; status: AnchorStatus; score?: number } & Selectors
export type ReanchorCounts = Record<AnchorStatus, number>

/** Characters of old[start, end) that are unchanged in the new text. */
function unchangedChars(runs: EqualRun[], start: number, end: number): number {
  let kept = 0
  for (let i = firstRunEndingAfter(runs, start); i < runs.length; i++) {
    const r = runs[i]
    if (r.oldStart >= end) break
    const s = Math.max(start, r.oldStart)
    const e = Math.min(end, r.oldStart + r.length)
    if (e > s) kept += e - s
  }
  return kept
}

/** Re-anchor annotations from `oldText` onto `newText`. */
export function reanchor(oldText: string, newText: string, annotations: Anchorable[]): { results: Reanchored[]; counts: ReanchorCounts } {
  const counts: ReanchorCounts = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 }
  const oldMap = new OffsetMap(oldText)
  const newMap = new OffsetMap(newText)
  const runs = oldText === newText ? [{ oldStart: 0, newStart: 0, length: oldText.length }] : equalRuns(diffTexts(oldText, newText))
  const results = annotations.map((a): Reanchored => {
    const s = oldMap.toUtf16(a.start)
    const e = oldMap.toUtf16(a.end)
    if (s === e) {
      // A point (a published deletion marks where the words were): it stays between the same two
      // characters, found through whichever neighbour the new text still has unchanged.
      const before = s > 0 ? locateIndex(runs, s - 1) : null
      const after = s < oldText.length ? locateIndex(runs, s) : null
      const p = before && before.hunk === undefined ? before.index + 1 : after && after.hunk === undefined ? after.index : s === 0 && oldText.length === 0 ? 0 : -1
      if (p >= 0) {
        const at = newMap.toCodePoint(p)
        const status: AnchorStatus = at === a.start ? 'exact' : 'moved'
        counts[status]++
        return { id: a.id, status, ...describeSpan(newText, at, at, newMap) }
      }
      counts.orphaned++
      return { id: a.id, status: 'orphaned', start: a.start, end: a.end, exact: a.exact, prefix: a.prefix, suffix: a.suffix }
    }
    // A boundary inside a change stretches to the change's edge, but only when the whole change
    // lies inside the span: a change that straddles a boundary leaves it ambiguous.
    const first = locateIndex(runs, s)
    const last = locateIndex(runs, e - 1)
    const ns = first.hunk ? (first.hunk.oldStart >= s && first.hunk.oldEnd <= e ? first.hunk.newStart : -1) : first.index
    const ne = last.hunk ? (last.hunk.oldStart >= s && last.hunk.oldEnd <= e ? last.hunk.newEnd : -1) : last.index + 1
    if (ns >= 0 && ne > ns) {
      const text = newText.slice(ns, ne)
      const start = newMap.toCodePoint(ns)
      const end = newMap.toCodePoint(ne)
      if (text === a.exact) {
        const status: AnchorStatus = start === a.start ? 'exact' : 'moved'
        counts[status]++
        return { id: a.id, status, ...describeSpan(newText, start, end, newMap) }
      }
      if (unchangedChars(runs, s, e) / Math.max(e - s, ne - ns) >= MIN_STRETCH_SIMILARITY) {
        counts.moved++
        return { id: a.id, status: 'moved', ...describeSpan(newText, start, end, newMap) }
      }
    }
    const hint = first.hunk ? first.hunk.newStart : first.index
    const match = matchQuote(newText, a.exact, { prefix: a.prefix, suffix: a.suffix, hint, radius: SEARCH_RADIUS })
    if (match && match.score >= (match.errors === 0 ? MIN_VERBATIM_SCORE : MIN_FUZZY_SCORE)) {
      counts.fuzzy++
      return { id: a.id, status: 'fuzzy', score: match.score, ...describeSpan(newText, newMap.toCodePoint(match.start), newMap.toCodePoint(match.end), newMap) }
    }
    counts.orphaned++
    return { id: a.id, status: 'orphaned', score: match?.score, start: a.start, end: a.end, exact: a.exact, prefix: a.prefix, suffix: a.suffix }
  })
  return { results, counts }
}

/** Index of the first run that ends after `index` (binary search). */
function firstRunEndingAfter(runs: EqualRun[], index: number): number {
  let lo = 0
  let hi = runs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (runs[mid].oldStart + runs[mid].length <= index) lo = mid + 1
    else hi = mid
  }
  return lo
}

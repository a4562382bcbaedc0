/**
 * Keep annotations on the right words when an article's text changes. In order:
 *  1. map each span through the diff of old → new: unchanged text moves exactly; a span with words
 *     inserted or replaced inside it stretches to cover them (most of it must survive);
 *  2. otherwise search for its quote with its 32-point prefix/suffix and the mapped position as a
 *     hint (matchQuote, Hypothesis' scoring), accepting only scores ≥ MIN_FUZZY_SCORE;
 *  3. below that it is orphaned: kept with its old quote for an editor to re-attach. Never guess.
 * Pure; annotation offsets are code points, as stored.
 */
import DiffMatchPatch from 'diff-match-patch'
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
/** Share of a span's characters that must survive for it to be stretched rather than searched for. */
export const MIN_SURVIVING_SHARE = 0.5
/**
 * A verbatim occurrence of the quote is not a guess about the words, only about which occurrence;
 * context and position choose it, so its floor is lower: the quote alone scores 50/92 ≈ 0.54.
 */
export const MIN_VERBATIM_SCORE = 0.55
/** How much of a stretched span's text must still read the same (1 − edit distance / length). */
export const MIN_STRETCH_SIMILARITY = 0.5

const dmp = new DiffMatchPatch()
function similarity(x: string, y: string): number {
  return 1 - dmp.diff_levenshtein(dmp.diff_main(x, y, false)) / Math.max(x.length, y.length, 1)
}

export type AnchorStatus = 'exact' | 'moved' | 'fuzzy' | 'orphaned'
export type Anchorable = { id: string } & Selectors
export type Reanchored = { id: string; status: AnchorStatus; score?: number } & Selectors
export type ReanchorCounts = Record<AnchorStatus, number>

function survivingShare(runs: EqualRun[], start: number, end: number): number {
  if (end <= start) return 0
  let kept = 0
  for (let i = firstRunEndingAfter(runs, start); i < runs.length; i++) {
    const r = runs[i]
    if (r.oldStart >= end) break
    const s = Math.max(start, r.oldStart)
    const e = Math.min(end, r.oldStart + r.length)
    if (e > s) kept += e - s
  }
  return kept / (end - start)
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
      if (survivingShare(runs, s, e) >= MIN_SURVIVING_SHARE && similarity(a.exact, text) >= MIN_STRETCH_SIMILARITY) {
        counts.moved++
        return { id: a.id, status: 'moved', ...describeSpan(newText, start, end, newMap) }
      }
    }
    const hint = first.hunk ? first.hunk.newStart : first.index
    const match = matchQuote(newText, a.exact, { prefix: a.prefix, suffix: a.suffix, hint })
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

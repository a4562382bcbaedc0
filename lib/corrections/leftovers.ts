/**
 * After a name fix is applied, the wrong spelling may still be elsewhere in the text ("Pain" twice,
 * one marked): readers would then be told the name was corrected while the story still has it
 * wrong. Pure: finds, in the corrected text, the replaced words of each name fix as whole words,
 * outside the corrections just made.
 */
import { OffsetMap } from '@/lib/text/offsets'
import { wholeWordOccurrences } from '@/lib/text/occurrences'
import { correctedSpans } from './apply'

export type LeftoverFix = { id: string; start: number; end: number; exact: string; correction: string; category: string | null }
export type Leftover = { id: string; exact: string; correction: string; count: number; paragraphs: number[] }

/** The number of sorted `xs` below `x` (binary search). */
function below(xs: number[], x: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (xs[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Paragraph numbers (1-based, blocks separated by blank lines, as the exports split them) of code-point positions. */
function paragraphOf(text: string, map: OffsetMap): (at: number) => number {
  // A break before any words is not a paragraph of its own.
  const lead = text.search(/\S/)
  const breaks = [...text.matchAll(/\r?\n[ \t]*(?:\r?\n)+/g)].map((m) => m.index!).filter((b) => b > lead).map((b) => map.toCodePoint(b))
  return (at) => below(breaks, at) + 1
}

/**
 * For each name fix, where its replaced words are still in `correctedText` (the text with `fixes`
 * applied to the original): a count and the paragraphs. Fixes whose words are not a name (empty,
 * spaces only) are skipped. Matching is whole words and case-sensitive, as a name is, and the same
 * as "fix every occurrence" finds them (lib/text/occurrences.ts). Fixes with the same words and
 * correction (a group made by "fix every occurrence") are looked up once and reported once.
 */
export function oldSpellingsLeft(fixes: LeftoverFix[], correctedText: string): Leftover[] {
  const map = new OffsetMap(correctedText)
  // The corrections just made, in text order and apart (correctedSpans places them without overlap).
  const spans = correctedSpans(fixes).map(({ start, end }) => ({ start, end })).sort((a, b) => a.start - b.start)
  const starts = spans.map((s) => s.start)
  /** Inside a correction just made ("Smith" → "John Smith") is the fix itself, not a leftover. */
  const insideFix = (from: number, to: number) => {
    const i = below(starts, to) - 1
    return i >= 0 && spans[i].end > from
  }
  const paragraph = paragraphOf(correctedText, map)
  const seen = new Set<string>()
  const out: Leftover[] = []
  for (const f of fixes) {
    const words = f.exact.trim()
    const correction = f.correction.trim()
    if (f.category !== 'name' || !/[\p{L}\p{N}]/u.test(words) || words === correction) continue
    const key = JSON.stringify([words, correction])
    if (seen.has(key)) continue
    seen.add(key)
    const found = wholeWordOccurrences(correctedText, words).filter((o) => !insideFix(o.start, o.end))
    if (found.length) out.push({ id: f.id, exact: words, correction, count: found.length, paragraphs: [...new Set(found.map((o) => paragraph(o.start)))] })
  }
  return out
}

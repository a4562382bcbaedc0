/**
 * After a name fix is applied, the wrong spelling may still be elsewhere in the text ("Pain" twice,
 * one marked): readers would then be told the name was corrected while the story still has it
 * wrong. Pure: finds, in the corrected text, the replaced words of each name fix as whole words,
 * outside the corrections just made.
 */
import { OffsetMap } from '@/lib/text/offsets'
import { correctedSpans } from './apply'

export type LeftoverFix = { id: string; start: number; end: number; exact: string; correction: string; category: string | null }
export type Leftover = { id: string; exact: string; correction: string; count: number; paragraphs: number[] }

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Paragraph numbers (1-based, blocks separated by blank lines, as the exports split them) of UTF-16 positions. */
function paragraphOf(text: string): (at: number) => number {
  const breaks = [...text.matchAll(/\r?\n[ \t]*(?:\r?\n)+/g)].map((m) => m.index!)
  // A break before any words is not a paragraph of its own.
  const lead = text.search(/\S/)
  return (at) => breaks.filter((b) => b < at && b > lead).length + 1
}

/**
 * For each name fix, where its replaced words are still in `correctedText` (the text with `fixes`
 * applied to the original): a count and the paragraphs. Fixes whose words are not a name (empty,
 * spaces only) are skipped. Matching is whole words and case-sensitive, as a name is.
 */
export function oldSpellingsLeft(fixes: LeftoverFix[], correctedText: string): Leftover[] {
  const map = new OffsetMap(correctedText)
  const spans = correctedSpans(fixes).map(({ fix, start, end }) => ({ id: fix.id, from: map.toUtf16(start), to: map.toUtf16(end) }))
  const paragraph = paragraphOf(correctedText)
  const out: Leftover[] = []
  for (const f of fixes) {
    const words = f.exact.trim()
    if (f.category !== 'name' || !/[\p{L}\p{N}]/u.test(words) || words === f.correction.trim()) continue
    const re = new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${escape(words)}(?![\\p{L}\\p{N}\\p{M}])`, 'gu')
    const found: number[] = []
    for (const m of correctedText.matchAll(re)) {
      const from = m.index!
      const to = from + m[0].length
      // Inside a correction just made ("Smith" → "John Smith") is the fix itself, not a leftover.
      if (spans.some((s) => from < s.to && s.from < to)) continue
      found.push(from)
    }
    if (found.length) out.push({ id: f.id, exact: words, correction: f.correction.trim(), count: found.length, paragraphs: [...new Set(found.map(paragraph))] })
  }
  return out
}

/**
 * Scraped residue: whole lines of comment-form, share-bar, newsletter and cookie boilerplate
 * (residue-phrases.ts), proposed for deletion together with the blank lines around them, so what
 * is left reads as if they had never been there.
 */
import { RESIDUE_LINES } from './residue-phrases'
import { finding, type Finding } from './types'
import { normalize } from './words'

const KNOWN = new Set(RESIDUE_LINES.map(comparable))

/** A line as compared with the list: normalised, inner spaces collapsed, final punctuation off. */
function comparable(line: string): string {
  return normalize(line).replace(/\s+/g, ' ').trim().replace(/[\s.!:…]+$/u, '').replace(/^[\s•|]+/u, '')
}

export function isResidueLine(line: string): boolean {
  const c = comparable(line)
  return c.length > 0 && KNOWN.has(c)
}

export function residue(text: string): Finding[] {
  type Line = { start: number; end: number; residue: boolean; blank: boolean }
  const lines: Line[] = []
  for (let s = 0; s <= text.length; ) {
    let e = text.indexOf('\n', s)
    if (e < 0) e = text.length
    const line = text.slice(s, e)
    lines.push({ start: s, end: e, blank: line.trim() === '', residue: isResidueLine(line) })
    s = e + 1
  }
  const out: Finding[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].residue) continue
    // A block: residue lines, with only blank lines between them.
    let j = i
    for (let k = i + 1; k < lines.length && (lines[k].residue || lines[k].blank); k++) if (lines[k].residue) j = k
    const prev = lines.slice(0, i).findLast((l) => !l.blank)
    const next = lines.slice(j + 1).find((l) => !l.blank)
    // Between two paragraphs: delete from the end of the one before to the end of the block (the
    // blank line before the next stays). At the end: from the end of the text before. At the start:
    // up to the next paragraph.
    const start = prev ? prev.end : lines[i].start
    const end = prev ? (next ? lines[j].end : text.length) : next ? next.start : text.length
    const shown = lines.slice(i, j + 1).filter((l) => l.residue).map((l) => text.slice(l.start, l.end).trim())
    out.push(
      finding({
        check: 'residue',
        start,
        end,
        correction: '',
        category: 'other',
        message: `Scraped page furniture, not part of the story: ${shown.map((s) => `“${s}”`).join(', ')}. Delete it.`,
      }),
    )
    i = j
  }
  return out
}

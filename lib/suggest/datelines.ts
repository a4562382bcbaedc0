/**
 * Datelines and wire markers: "SPRINGFIELD (Wire) –", "LONDON, March 3 (Reuters) -", "BERLIN —",
 * "(AP) —" at the start of a paragraph. They say where a story was filed and by whom; a desk's
 * copy changes them on purpose (its own agency name, a dropped place), so they are never a wording
 * change: the source comparison leaves them out of both texts. Pure; UTF-16 offsets.
 */
import type { Span } from '@/lib/text/sentences'

/** A place in capitals ("SPRINGFIELD", "NEW YORK", "ST. PAUL", "SÃO PAULO"), at least two letters. */
const PLACE = String.raw`\p{Lu}[\p{Lu}\p{M}'’.\-]*(?:[ \t]+[\p{Lu}\p{M}'’.\-]+)*`
/** After the place: a state, country or date (", Ill.", ", March 3"), short and on the same line. */
const QUALIFIER = String.raw`(?:,[ \t]*[\p{L}\p{N}.'’ \t]{1,30}?)?`
/** The agency in parentheses: "(Reuters)", "(AP)", "(Wire)". */
const AGENCY = String.raw`\([^()\n]{1,40}\)`
/** The mark that ends a dateline: a dash (any kind, one or two) or a colon. */
const END = String.raw`(?:[–—‒―-]{1,2}|:)`

const DATELINE = new RegExp(String.raw`^[ \t]*(?:${PLACE}${QUALIFIER}[ \t]*(?:${AGENCY}[ \t]*)?|${AGENCY}[ \t]*)${END}[ \t]*`, 'gmu')
/** A marker on a line of its own: "SPRINGFIELD (Wire)" and nothing after it. */
const MARKER_LINE = new RegExp(String.raw`^[ \t]*(?:${PLACE}${QUALIFIER}[ \t]*)?${AGENCY}[ \t]*$`, 'gmu')

/** Whether the capitals are a place (two letters or more, not a single word like "A" or "I"). */
const isPlace = (s: string) => (s.match(/\p{Lu}/gu) ?? []).length >= 2

/** Every dateline or wire marker that opens a paragraph (or a line), as [start, end) ranges in text order. */
export function datelines(text: string): Span[] {
  const out: Span[] = []
  for (const re of [DATELINE, MARKER_LINE]) {
    re.lastIndex = 0
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++
        continue
      }
      const head = m[0].trim()
      // A place needs capitals (at least two), an agency needs its parentheses.
      if (!head.startsWith('(') && !isPlace(head.split(/[,(]/)[0])) continue
      const start = m.index + (m[0].length - m[0].trimStart().length)
      const end = m.index + m[0].trimEnd().length
      out.push({ start, end })
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

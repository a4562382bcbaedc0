/**
 * Other places a fix's words occur, for "fix every occurrence" (issue 22: a name corrected in one
 * paragraph and left wrong in the next). Pure. Offsets are code points, as everywhere in the API.
 */
import { OffsetMap } from './offsets'

export type Span = { start: number; end: number }

/** A letter, digit or combining mark: what continues a word (so "Pain" is not found in "Paine" or "Spain"). */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u

/**
 * The most fixes in one group (the first fix and every copy of it), which one group decision
 * takes whole; one request fixes at most this many other occurrences less the first (a long
 * transcript's common word is not a name to fix).
 */
export const MAX_GROUP = 200

/**
 * Whole-word occurrences of `words` in `text`, in text order, as code-point spans. Case and
 * accents count ("pain" is not "Pain"). An occurrence is whole when the characters either side of
 * it do not continue a word that starts or ends with a word character (so "Pain's" and "(Pain)"
 * count, "Spain" does not). Words that begin or end with punctuation only need the match itself.
 */
export function wholeWordOccurrences(text: string, words: string): Span[] {
  if (!words.trim()) return []
  const map = new OffsetMap(text)
  const first = String.fromCodePoint(words.codePointAt(0)!)
  const lastChar = [...words].at(-1)!
  const checkBefore = WORD_CHAR.test(first)
  const checkAfter = WORD_CHAR.test(lastChar)
  const out: Span[] = []
  for (let i = text.indexOf(words); i !== -1; i = text.indexOf(words, i + 1)) {
    const end = i + words.length
    const before = i > 0 ? charBefore(text, i) : ''
    const after = end < text.length ? String.fromCodePoint(text.codePointAt(end)!) : ''
    if (checkBefore && before && WORD_CHAR.test(before)) continue
    if (checkAfter && after && WORD_CHAR.test(after)) continue
    out.push({ start: map.toCodePoint(i), end: map.toCodePoint(end) })
  }
  return out
}

/** The character (a whole code point) ending just before UTF-16 index `i`. */
function charBefore(text: string, i: number): string {
  const c = text.charCodeAt(i - 1)
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return text.slice(i - 2, i)
  return text[i - 1]
}

/**
 * The other occurrences of the words at [start, end) of `text` that still need the fix: whole-word
 * occurrences other than that one, less those already covered by `taken` (spans that already carry
 * this fix), never overlapping the span itself.
 */
export function otherOccurrences(text: string, fix: Span & { exact: string }, taken: Span[] = []): Span[] {
  const covered = new Set(taken.map((t) => `${t.start}:${t.end}`))
  return wholeWordOccurrences(text, fix.exact).filter((o) => !(o.start < fix.end && fix.start < o.end) && !covered.has(`${o.start}:${o.end}`))
}

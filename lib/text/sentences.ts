/**
 * Sentence boundaries for news prose: Intl.Segmenter (Unicode UAX #29 via ICU) plus the repairs it
 * needs — titles ("Mr.", "Sen."), initials ("J. R. Smith") and dotted abbreviations ("U.S.") do
 * not end a sentence when a name or a lower-case word follows. Pure; offsets are UTF-16 indexes.
 */

export type Span = { start: number; end: number }

/** Titles and abbreviations that are almost never the last word of a sentence. */
const NEVER_FINAL = new Set(
  'mr mrs ms dr prof sen rep gov gen lt col capt cmdr sgt st jr sr rev hon pres supt insp det messrs mme mlle fr no nos vs v etc al approx dept est fig vol ch pp ed eds jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
)
// "etc", months and "no" may end a sentence; merge them only when a lower-case word or digit follows.
const MAYBE_FINAL = new Set('etc al jan feb mar apr jun jul aug sep sept oct nov dec no nos inc ltd co corp'.split(' '))

/** Words that usually open a new sentence after "U.S." and friends. */
const SENTENCE_OPENERS = new Set(
  'the a an he she it they we i you his her its their our this that these those there but and or so yet in on at for after before when while if as however meanwhile still then also'.split(' '),
)

let segmenter: Intl.Segmenter | undefined

function baseSegments(text: string): Span[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' })
  const spans: Span[] = []
  for (const s of segmenter.segment(text)) spans.push({ start: s.index, end: s.index + s.segment.length })
  return spans
}

/** Whether the boundary after `before` (a raw segment) is a false break given what follows. */
function isFalseBreak(before: string, after: string): boolean {
  const tail = before.trimEnd()
  if (/\n\s*$/.test(before)) return false // paragraph breaks are real
  const next = after.trimStart()
  if (!next) return false
  const nextWord = /^[\p{L}\p{N}'’]+/u.exec(next)?.[0] ?? ''
  const nextIsLower = /^[\p{Ll}\p{N}]/u.test(next)
  const word = /([\p{L}.]+)\.$/u.exec(tail)?.[1] ?? ''
  if (!word) return false
  const bare = word.replace(/\./g, '').toLowerCase()
  if (MAYBE_FINAL.has(bare)) return nextIsLower
  if (NEVER_FINAL.has(bare) && !word.includes('.')) return true
  if (/^\p{Lu}$/u.test(word)) return !SENTENCE_OPENERS.has(nextWord.toLowerCase()) // an initial: "J. R. Smith"
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) {
    // Dotted abbreviation: U.S., U.K., p.m., a.m., e.g., i.e.
    return nextIsLower || !SENTENCE_OPENERS.has(nextWord.toLowerCase())
  }
  return nextIsLower && !/[!?]["”’)]*$/.test(tail)
}

/** The sentences of `text` (each without its trailing white space), in order. */
export function splitSentences(text: string): Span[] {
  const raw = baseSegments(text)
  const merged: Span[] = []
  for (const seg of raw) {
    const last = merged[merged.length - 1]
    if (last && isFalseBreak(text.slice(last.start, last.end), text.slice(seg.start, seg.end))) last.end = seg.end
    else merged.push({ ...seg })
  }
  return merged
    .map(({ start, end }) => {
      let e = end
      while (e > start && /\s/.test(text[e - 1])) e--
      let s = start
      while (s < e && /\s/.test(text[s])) s++
      return { start: s, end: e }
    })
    .filter((s) => s.end > s.start)
}

/** The sentence containing UTF-16 index `index` (or the nearest one before it), if any. */
export function sentenceAt(text: string, index: number, sentences = splitSentences(text)): Span | undefined {
  let found: Span | undefined
  for (const s of sentences) {
    if (s.start > index) break
    found = s
    if (index < s.end) break
  }
  return found
}

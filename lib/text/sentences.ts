/**
 * Sentence boundaries for news prose: Intl.Segmenter (Unicode UAX #29 via ICU) plus the repairs it
 * needs — titles ("Mr.", "Sen."), initials ("J. R. Smith") and dotted abbreviations ("U.S.") do
 * not end a sentence when a name or a lower-case word follows. Pure; offsets are UTF-16 indexes.
 */

export type Span = { start: number; end: number }

/** Titles and abbreviations that are almost never the last word of a sentence. */
const NEVER_FINAL = new Set(
  'mr mrs ms dr prof sen rep gov gen lt col capt cmdr sgt st jr sr rev hon pres supt insp det messrs mme mlle fr mt no nos vs v etc al approx dept est fig vol ch pp ed eds jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
)
/** Titles that open a new sentence when they follow an abbreviation such as "P.M.". */
const TITLES = new Set('mr mrs ms dr prof sen rep gov gen lt col capt sgt rev'.split(' '))
// "etc", months and "no" may end a sentence; merge them only when a lower-case word or digit follows.
const MAYBE_FINAL = new Set('etc al jan feb mar apr jun jul aug sep sept oct nov dec no nos inc ltd co corp'.split(' '))

/** Words that usually open a new sentence after "U.S." and friends. */
const SENTENCE_OPENERS = new Set(
  ('the a an he she it they we i you his her its their our my your this that these those there but and or so yet in on at for after before ' +
    'when while if as however meanwhile still then also how what why who where which did do does is are was were can could will would should may might')
    .split(' '),
)

/** A list marker on its own: "1.", "1.)", "a.", "• 9.", "⁃9." */
const LIST_MARKER_ONLY = /^\s*(?:[•⁃-]\s*)?(?:\d{1,3}|[a-z])\.\)?\s*$/
const LIST_START = /^\s*(?:[•⁃-]\s*)?(?:\d{1,3}|[a-z])(?:\.\)?|\))\s/
const LIST_END = /\s(?:[•⁃-]\s*)?(?:\d{1,3}|[a-z])\.\)?$/

/** Split a list written on one line ("1) The first item 2) The second item") before each next marker. */
function splitListItems(text: string, span: Span): Span[] {
  const body = text.slice(span.start, span.end)
  const m = /^(\s*(?:([•⁃-])\s*)?)(\d{1,3}|[a-z])(\.\)|\)|\.)\s/.exec(body)
  if (!m) return [span]
  const [, , bullet = '', first, sep] = m
  const out: Span[] = []
  let from = 0
  let current = first
  for (;;) {
    const next = /^\d+$/.test(current) ? String(Number(current) + 1) : String.fromCharCode(current.charCodeAt(0) + 1)
    const marker = `${bullet ? `${bullet}\\s*` : ''}${next}${sep.replace(/[.)]/g, (c) => `\\${c}`)}`
    const found = new RegExp(`\\s(${marker})\\s`).exec(body.slice(from + 1))
    if (!found) break
    const at = from + 1 + found.index + 1
    out.push({ start: span.start + from, end: span.start + at })
    from = at
    current = next
  }
  out.push({ start: span.start + from, end: span.end })
  return out
}

const segmenters = new Map<string, Intl.Segmenter>()
/** One segmenter per language (Intl.Segmenter follows the language's sentence rules). */
function segmenterFor(language: string): Intl.Segmenter {
  let s = segmenters.get(language)
  if (!s) {
    try {
      s = new Intl.Segmenter(language, { granularity: 'sentence' })
    } catch {
      s = new Intl.Segmenter('en', { granularity: 'sentence' })
    }
    segmenters.set(language, s)
  }
  return s
}

/**
 * Segmenting a long string at once is slow in V8 (it grows with the square of the length: 400 ms
 * for a 120 KB article here), so the text is segmented a window at a time. Each window but the
 * last gives up its final segment, which the window may have cut, and the next window starts at
 * that segment: every boundary is found with the text after it in view. A window holding a
 * single, longer sentence is doubled until the sentence ends inside it.
 */
export const SEGMENT_WINDOW = 8_000

/** Intl.Segmenter's sentence segments of `text`, found `window` characters at a time. */
export function rawSentenceSegments(text: string, window = SEGMENT_WINDOW, language = 'en'): Span[] {
  const segmenter = segmenterFor(language)
  const spans: Span[] = []
  let from = 0
  const first = window
  while (from < text.length) {
    const to = Math.min(text.length, from + window)
    const segments = [...segmenter.segment(text.slice(from, to))]
    if (to < text.length && segments.length < 2) {
      window *= 2
      continue
    }
    const kept = to < text.length ? segments.slice(0, -1) : segments
    for (const s of kept) spans.push({ start: from + s.index, end: from + s.index + s.segment.length })
    from = spans[spans.length - 1].end
    window = first
  }
  return spans
}

/** Whether the boundary after `before` (a raw segment) is a false break given what follows. */
function isFalseBreak(before: string, after: string): boolean {
  const tail = before.trimEnd()
  const next = after.trimStart()
  if (!next) return false
  if (/\n[ \t]*\n\s*$/.test(before)) return false // blank lines: a paragraph break is real
  // A single line break inside a sentence (wrapped or PDF text): it goes on in lower case to a full stop.
  if (/\n\s*$/.test(before) && !/[.!?:;"”’)\]]$/.test(tail)) return /^[\p{Ll}]/u.test(next) && /[.!?]["”’)]*$/.test(after.trimEnd())
  if (/\n\s*$/.test(before)) return false
  if (LIST_MARKER_ONLY.test(before)) return true // "1." then its item
  if (LIST_START.test(before) && LIST_END.test(tail)) return true // "1. The first item 2." then the next item
  if (/!["”’)]*$/.test(tail) && /^\p{Ll}/u.test(next)) return true // "Yahoo! in the accounting department"
  if (/^\(/.test(next) && /["”’]$/.test(tail)) return true // a citation after a quotation: “…” (Smith 55).
  if (/(?:^|\s)\. \. \.$/.test(tail) && !/\. \. \. \.$/.test(tail)) return true // spaced ellipsis inside a sentence
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
    if (nextIsLower) return true
    if (/\p{Lu}/u.test(word) && TITLES.has(nextWord.toLowerCase())) return false // "… at 6 P.M. Mr. Smith then …"
    return !SENTENCE_OPENERS.has(nextWord.toLowerCase())
  }
  return nextIsLower
}

/**
 * The sentences of `text` (each without its trailing white space), in order, by the rules of
 * `language` (BCP 47). The corrections for abbreviations and initials ("Mr.", "U.S.") are
 * English's and apply to English only.
 */
export function splitSentences(text: string, language = 'en'): Span[] {
  const raw = rawSentenceSegments(text, SEGMENT_WINDOW, language)
  const english = language.split('-')[0].toLowerCase() === 'en'
  const merged: Span[] = []
  for (const seg of raw) {
    const last = merged[merged.length - 1]
    if (english && last && isFalseBreak(text.slice(last.start, last.end), text.slice(seg.start, seg.end))) last.end = seg.end
    else merged.push({ ...seg })
  }
  return merged
    .flatMap((span) => splitListItems(text, span))
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

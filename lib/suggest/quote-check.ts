/**
 * Quote checks: every quoted passage of the article looked up in its transcripts (or, with none,
 * its other sources). `verbatim`: the same words, ignoring case, punctuation and quote style;
 * `altered`: found, but the words differ (with a word diff against the closest passage);
 * `not_found`; `too_long`: not there word for word, and too long to search for approximately. A quote with an ellipsis is matched part by part, in order; [bracketed] editorial
 * insertions are left out. Pure; offsets are UTF-16 indexes.
 */
import search from 'approx-string-match'
import type { Span } from '@/lib/text/sentences'
import type { SourceText } from './types'
import type { QuoteCheckDto } from '@/lib/types/suggestions'
import { OffsetMap } from '@/lib/text/offsets'
import { diffTokens, tokenize, wordDiff } from './word-diff'
import { normalize, words } from './words'

export type QuoteStatus = 'verbatim' | 'altered' | 'not_found' | 'too_long'
export type QuoteCheck = {
  start: number
  end: number
  exact: string
  status: QuoteStatus
  sourceId: string | null
  source: { start: number; end: number; exact: string } | null
  diff: Array<[number, string]>
}

/** Share of a quote's characters that must match for it to count as found (as the "soak" verifier). */
export const MIN_QUOTE_SIMILARITY = 0.6
/**
 * The most one approximate search may cost (characters of the source × 32-character blocks of the
 * quote, about 0.3 s): a quote not found word for word whose search would cost more is `too_long`.
 */
export const MAX_SEARCH_COST = 40_000_000
/** Quotes shorter than this many words are names and scare quotes, not quotations. */
const MIN_QUOTE_WORDS = 3

/** Quoted passages: “…” pairs, and "…" pairs within a paragraph; the span is inside the marks. */
export function findQuotes(text: string): Span[] {
  const out: Span[] = []
  for (const m of text.matchAll(/“([^“”\n]+)”|"([^"\n]+)"/g)) {
    const inner = m[1] ?? m[2]
    const start = m.index + 1
    if (words(inner).length >= MIN_QUOTE_WORDS) out.push({ start, end: start + inner.length })
  }
  return out
}

/**
 * A text as its words in comparison form joined by single spaces; for word k, where it sits in the
 * flat text (flatFrom/flatTo) and in the original (from/to).
 */
type Flat = { text: string; flatFrom: number[]; flatTo: number[]; from: number[]; to: number[] }
function flatten(text: string): Flat {
  const flat: Flat = { text: '', flatFrom: [], flatTo: [], from: [], to: [] }
  for (const w of words(text)) {
    if (flat.text) flat.text += ' '
    const norm = normalize(w.text)
    flat.flatFrom.push(flat.text.length)
    flat.flatTo.push(flat.text.length + norm.length)
    flat.from.push(w.start)
    flat.to.push(w.end)
    flat.text += norm
  }
  return flat
}

type Located = { flat: Flat; errors: number; fromWord: number; toWord: number }

/** The passage of `source` closest to the quote part `part` (in flat form), null, or 'too_long'. */
function locate(part: string, source: Flat): Located | null | 'too_long' {
  if (!part) return null
  const exactAt = (' ' + source.text + ' ').indexOf(' ' + part + ' ')
  const maxErrors = Math.floor(part.length * (1 - MIN_QUOTE_SIMILARITY))
  let start: number
  let end: number
  let errors: number
  if (exactAt >= 0) {
    ;[start, end, errors] = [exactAt, exactAt + part.length, 0]
  } else {
    if (source.text.length * Math.ceil(part.length / 32) > MAX_SEARCH_COST) return 'too_long'
    const matches = search(source.text, part, maxErrors)
    if (!matches.length) return null
    const best = matches.reduce((x, y) => (y.errors < x.errors ? y : x))
    ;[start, end, errors] = [best.start, best.end, best.errors]
  }
  // Whole words of the source: from the word the match starts in to the one it ends in.
  let fromWord = source.flatTo.findIndex((t) => t > start)
  let toWord = source.flatFrom.findLastIndex((f) => f < end)
  if (fromWord < 0) fromWord = 0
  if (toWord < fromWord) toWord = fromWord
  return { flat: source, errors, fromWord, toWord }
}

/** Words either side of a fuzzy match that may still belong to the passage ("a [parking] space"). */
const SLACK_WORDS = 3

/**
 * The source passage a quote corresponds to: the match widened by a few words either side, then
 * cut back to the first and last word the quote shares with it (a character-level match may stop
 * short of a word the quote left out).
 */
function closestPassage(quote: string, body: string, flat: Flat, fromWord: number, toWord: number): { start: number; end: number } {
  const lo = Math.max(0, fromWord - SLACK_WORDS)
  const hi = Math.min(flat.to.length - 1, toWord + SLACK_WORDS)
  const b = tokenize(body, flat.from[lo], flat.to[hi], true)
  const ops = diffTokens(tokenize(quote, 0, quote.length, true), b)
  const shared = ops?.filter((o) => o.op === 0 && o.bTo > o.bFrom) ?? []
  if (!shared.length) return { start: flat.from[fromWord], end: flat.to[toWord] }
  return { start: b[shared[0].bFrom].start, end: b[shared[shared.length - 1].bTo - 1].end }
}

function stripInsertions(quote: string): string {
  return quote.replace(/\[[^\]]*\]/g, ' ')
}

/**
 * Check each quote (article spans) against the sources; transcripts first. With a `deadline`
 * (epoch ms), stops after the quote during which it passed: the result holds the first quotes.
 */
export function checkQuotes(article: string, quotes: Span[], sources: SourceText[], { deadline = Infinity }: { deadline?: number } = {}): QuoteCheck[] {
  const transcripts = sources.filter((s) => s.kind === 'transcript')
  const pool = transcripts.length ? transcripts : sources
  const flats = pool.map((s) => ({ source: s, flat: flatten(s.body) }))
  const out: QuoteCheck[] = []
  for (const quote of quotes) {
    // At least one is checked, however long preparing took: each slice of work makes progress.
    if (out.length > 0 && Date.now() > deadline) break
    out.push(checkQuote(article, quote, flats))
  }
  return out
}

function checkQuote(article: string, { start, end }: Span, flats: Array<{ source: SourceText; flat: Flat }>): QuoteCheck {
  const exact = article.slice(start, end)
  const parts = stripInsertions(exact)
    .split(/…|\.\s*\.\s*\./)
    .map((p) => flatten(p).text)
    .filter(Boolean)
  let best: { source: SourceText; located: Located[]; errors: number } | null = null
  let tooLong = false
  for (const { source, flat } of flats) {
    const located: Located[] = []
    let errors = 0
    for (const p of parts) {
      const l = locate(p, flat)
      if (l === 'too_long') tooLong = true
      if (!l || l === 'too_long') {
        errors = Infinity
        break
      }
      located.push(l)
      errors += l.errors
    }
    if (errors === Infinity) continue
    if (!best || errors < best.errors) best = { source, located, errors }
  }
  if (!best) return { start, end, exact, status: tooLong ? 'too_long' : 'not_found', sourceId: null, source: null, diff: [] }
  const first = best.located[0]
  const last = best.located[best.located.length - 1]
  const { start: sStart, end: sEnd } = closestPassage(exact, best.source.body, first.flat, first.fromWord, last.toWord)
  const sourceExact = best.source.body.slice(sStart, sEnd)
  const inOrder = best.located.every((l, i) => i === 0 || l.fromWord > best!.located[i - 1].toWord)
  const status = best.errors === 0 && inOrder ? 'verbatim' : 'altered'
  return {
    start,
    end,
    exact,
    status,
    sourceId: best.source.id,
    source: { start: sStart, end: sEnd, exact: sourceExact },
    diff: status === 'verbatim' ? [[0, exact] as [number, string]] : wordDiff(exact, sourceExact),
  }
}

/** A quote annotation as the quote checks need it (code points of the article). */
export type QuoteAnnotationSpan = { id: string; start: number; end: number }

/**
 * The article's quote checks as the API gives them: every quoted passage and every quote
 * annotation (one entry when an annotation holds the marks or sits just inside them), in text
 * order, offsets in code points. `done`: checks already made for this very text and these sources
 * (a run cut short by its deadline), reused rather than made again. `complete` is false when the
 * deadline came first: the checks hold those done so far.
 */
export function quoteChecksFor(
  body: string,
  annotations: QuoteAnnotationSpan[],
  sources: SourceText[],
  { deadline = Infinity, done = [] }: { deadline?: number; done?: QuoteCheckDto[] } = {},
): { checks: QuoteCheckDto[]; complete: boolean } {
  const map = new OffsetMap(body)
  const spans = new Map<string, { start: number; end: number; annotationId: string | null }>()
  const passages = new Map<string, { start: number; end: number; annotationId: string | null }>()
  for (const q of findQuotes(body)) {
    const entry = { ...q, annotationId: null }
    spans.set(`${q.start}:${q.end}`, entry)
    passages.set(`${q.start}:${q.end}`, entry)
  }
  for (const a of annotations) {
    const start = map.toUtf16(a.start)
    const end = map.toUtf16(a.end)
    // A quote annotation usually holds the quotation marks or sits just inside them: one entry
    // (looked up among the quoted passages within a character of its ends, not by a scan of all).
    let inner: { annotationId: string | null } | undefined
    for (const ds of [0, -1, 1]) for (const de of [0, -1, 1]) inner ??= passages.get(`${start + ds}:${end + de}`)
    if (inner) inner.annotationId = a.id
    else spans.set(`${start}:${end}`, { start, end, annotationId: a.id })
  }
  const list = [...spans.values()].sort((a, b) => a.start - b.start || a.end - b.end)
  const known = new Map(done.map((d) => [`${d.start}:${d.end}`, d]))
  const results = new Map<(typeof list)[number], QuoteCheckDto>()
  const todo: typeof list = []
  for (const s of list) {
    const d = known.get(`${map.toCodePoint(s.start)}:${map.toCodePoint(s.end)}`)
    if (d) results.set(s, { ...d, annotationId: s.annotationId })
    else todo.push(s)
  }
  const maps = new Map(sources.map((t) => [t.id, new OffsetMap(t.body)]))
  checkQuotes(body, todo, sources, { deadline }).forEach((q, i) => {
    const sm = q.sourceId ? maps.get(q.sourceId)! : null
    results.set(todo[i], {
      ...q,
      start: map.toCodePoint(q.start),
      end: map.toCodePoint(q.end),
      source: q.source && sm ? { ...q.source, start: sm.toCodePoint(q.source.start), end: sm.toCodePoint(q.source.end) } : null,
      annotationId: todo[i].annotationId,
    })
  })
  const checks = list.map((s) => results.get(s)).filter((x): x is QuoteCheckDto => Boolean(x))
  return { checks, complete: checks.length === list.length }
}

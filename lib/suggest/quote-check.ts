/**
 * Quote checks: every quoted passage of the article looked up in its transcripts (or, with none,
 * its other sources). `verbatim`: the same words, ignoring case, punctuation and quote style;
 * `altered`: found, but the words differ (with a word diff against the closest passage);
 * `not_found`. A quote with an ellipsis is matched part by part, in order; [bracketed] editorial
 * insertions are left out. Pure; offsets are UTF-16 indexes.
 */
import search from 'approx-string-match'
import type { Span } from '@/lib/text/sentences'
import type { SourceText } from './types'
import { diffTokens, tokenize, wordDiff } from './word-diff'
import { normalize, words } from './words'

export type QuoteStatus = 'verbatim' | 'altered' | 'not_found'
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

/** The passage of `source` closest to the quote part `part` (in flat form), or null. */
function locate(part: string, source: Flat): Located | null {
  if (!part) return null
  const exactAt = (' ' + source.text + ' ').indexOf(' ' + part + ' ')
  const maxErrors = Math.floor(part.length * (1 - MIN_QUOTE_SIMILARITY))
  let start: number
  let end: number
  let errors: number
  if (exactAt >= 0) {
    ;[start, end, errors] = [exactAt, exactAt + part.length, 0]
  } else {
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

/** Check each quote (article spans) against the sources; transcripts first. */
export function checkQuotes(article: string, quotes: Span[], sources: SourceText[]): QuoteCheck[] {
  const transcripts = sources.filter((s) => s.kind === 'transcript')
  const pool = transcripts.length ? transcripts : sources
  const flats = pool.map((s) => ({ source: s, flat: flatten(s.body) }))
  return quotes.map(({ start, end }) => {
    const exact = article.slice(start, end)
    const parts = stripInsertions(exact)
      .split(/…|\.\s*\.\s*\./)
      .map((p) => flatten(p).text)
      .filter(Boolean)
    let best: { source: SourceText; located: Located[]; errors: number } | null = null
    for (const { source, flat } of flats) {
      const located: Located[] = []
      let errors = 0
      for (const p of parts) {
        const l = locate(p, flat)
        if (!l) {
          errors = Infinity
          break
        }
        located.push(l)
        errors += l.errors
      }
      if (errors === Infinity) continue
      if (!best || errors < best.errors) best = { source, located, errors }
    }
    if (!best) return { start, end, exact, status: 'not_found' as const, sourceId: null, source: null, diff: [] }
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
  })
}

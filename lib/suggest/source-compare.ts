/**
 * Source comparison: align the article with its wire original, release or other source sentence
 * by sentence (paragraphs may be reordered, sentences dropped or added), then diff the words of
 * each aligned pair. Each divergence is a suggested error whose correction is the source's
 * wording, no larger than the change. An article sentence with no counterpart is "not in source"
 * (for a claim check, never for deletion); a source sentence the article lacks is listed once.
 * Pure; offsets are UTF-16 indexes.
 */
import { splitSentences, type Span } from '@/lib/text/sentences'
import { datelines } from './datelines'
import { insideRanges, mergeRanges } from '@/lib/text/ranges'
import { findQuotes } from './quote-check'
import { finding, type Finding, type SourceText } from './types'
import { diffTokens, tokenize, type Token, type TokenOp } from './word-diff'

/** Dice similarity of two sentences' word sets from which they count as the same sentence. */
export const MIN_SENTENCE_SIMILARITY = 0.45
/** Words in more than this share of the source's sentences say nothing about which one it is. */
const COMMON_WORD_SHARE = 0.1
/** Source sentences scored in full for each article sentence (those sharing the most rare words). */
const MAX_CANDIDATES = 8

/** A sentence, tokenised once: its tokens, its distinct words, and its wording as one key. */
type Sentence = Span & { source: number; tokens: Token[]; words: Set<string>; key: string }
export type MissingSentence = { sourceId: string; start: number; end: number; text: string }
export type SourceComparison = {
  findings: Finding[]
  missing: MissingSentence[]
  /** Article ranges whose words a source has too: the built-in checks stay silent there. */
  agreed: Span[]
}

const IS_WORD = /[\p{L}\p{N}]/u

/** Sentences of a text, without the words of its datelines ("SPRINGFIELD (Wire) –"): those are never compared. */
function sentencesOf(text: string, source: number): Sentence[] {
  const marks = mergeRanges(datelines(text))
  return splitSentences(text).map((s) => {
    const all = tokenize(text, s.start, s.end)
    const tokens = marks.length ? all.filter((t) => !insideRanges(marks, t.start, t.end)) : all
    return { ...s, source, tokens, words: new Set(tokens.filter((t) => IS_WORD.test(t.norm)).map((t) => t.norm)), key: tokens.map((t) => t.norm).join(' ') }
  })
}

export function compareWithSources(article: string, sources: SourceText[]): SourceComparison {
  const compared = sources.filter((s) => s.kind !== 'transcript')
  const out: SourceComparison = { findings: [], missing: [], agreed: [] }
  if (!compared.length) return out
  const mine = sentencesOf(article, -1)
  const theirs = compared.flatMap((s, i) => sentencesOf(s.body, i))
  // Inverted index of the sources' sentences by word, without the words nearly all of them share;
  // and each wording once, for sentences the article has word for word (no diff needed).
  const postings = new Map<string, number[]>()
  const verbatim = new Map<string, number>()
  theirs.forEach((s, i) => {
    if (!verbatim.has(s.key)) verbatim.set(s.key, i)
    for (const w of s.words) {
      const list = postings.get(w)
      if (list) list.push(i)
      else postings.set(w, [i])
    }
  })
  const tooCommon = Math.max(20, theirs.length * COMMON_WORD_SHARE)
  const used = new Set<string>() // the wording of every source sentence the article has
  const codes = new Map<string, string>()
  // A change inside the article's quotation marks is a misquote, not a wording change.
  const quotes = mergeRanges(findQuotes(article))
  for (const s of mine) {
    if (s.words.size === 0) continue
    if (verbatim.has(s.key)) {
      used.add(s.key)
      out.agreed.push({ start: s.start, end: s.end })
      continue
    }
    const shared = new Map<number, number>()
    for (const w of s.words) {
      const list = postings.get(w)
      if (!list || list.length > tooCommon) continue
      for (const i of list) shared.set(i, (shared.get(i) ?? 0) + 1)
    }
    // Dice over all words (common ones too), for the few candidates sharing the most rare words.
    const candidates = [...shared.entries()].sort((x, y) => y[1] - x[1]).slice(0, MAX_CANDIDATES)
    let best = -1
    let bestScore = 0
    for (const [i] of candidates) {
      let both = 0
      for (const w of s.words) if (theirs[i].words.has(w)) both++
      const score = (2 * both) / (s.words.size + theirs[i].words.size)
      if (score > bestScore) [best, bestScore] = [i, score]
    }
    if (best < 0 || bestScore < MIN_SENTENCE_SIMILARITY) {
      if (s.words.size >= 4) {
        out.findings.push(
          finding({
            check: 'not-in-source',
            start: s.start,
            end: s.end,
            correction: null,
            category: 'fact',
            message: `No source attached says this (${compared.map((c) => `“${c.title}”`).join(', ')}): check it as a claim.`,
          }),
        )
      }
      continue
    }
    const t = theirs[best]
    used.add(t.key)
    const ops = diffTokens(s.tokens, t.tokens, codes)
    if (!ops) continue
    out.findings.push(...divergences(article, s.tokens, compared[t.source], t.tokens, ops, quotes))
    for (const o of ops) if (o.op === 0) out.agreed.push({ start: s.tokens[o.aFrom].start, end: s.tokens[o.aTo - 1].end })
  }
  // Source sentences no article sentence took, each wording once.
  const listed = new Set<string>()
  for (const t of theirs) {
    if (t.words.size < 4 || used.has(t.key) || listed.has(t.key)) continue
    listed.add(t.key)
    const source = compared[t.source]
    out.missing.push({ sourceId: source.id, start: t.start, end: t.end, text: source.body.slice(t.start, t.end) })
  }
  return out
}

/**
 * The changes inside one aligned pair, each as small as itself. One inside a quotation of the
 * article (`quotes`: the spans inside its quotation marks) is a misquote: the source has other words
 * in the speaker's mouth.
 */
function divergences(article: string, a: Token[], source: SourceText, b: Token[], ops: TokenOp[], quotes: Span[]): Finding[] {
  const out: Finding[] = []
  const push = (f: Finding) => {
    if (!insideRanges(quotes, f.start, f.end)) return out.push(f)
    const said = f.correction === '' ? `“${source.title}” (${source.kind}) does not have “${article.slice(f.start, f.end).trim()}” in this quotation` : `“${source.title}” (${source.kind}) quotes “${f.correction}” where the article’s quotation has “${article.slice(f.start, f.end)}”`
    return out.push({ ...f, check: 'misquote', category: 'quote', message: `Misquote: ${said}.` })
  }
  const said = (text: string) => `“${source.title}” (${source.kind}) has “${text}”`
  for (let k = 0; k < ops.length; k++) {
    if (ops[k].op === 0) continue
    // A change: the run of deletions and insertions between two unchanged stretches.
    let aFrom = ops[k].aFrom
    let aTo = ops[k].aTo
    let bFrom = ops[k].bFrom
    let bTo = ops[k].bTo
    while (k + 1 < ops.length && ops[k + 1].op !== 0) {
      k++
      aTo = Math.max(aTo, ops[k].aTo)
      bTo = Math.max(bTo, ops[k].bTo)
      aFrom = Math.min(aFrom, ops[k].aFrom)
      bFrom = Math.min(bFrom, ops[k].bFrom)
    }
    const theirs = bTo > bFrom ? source.body.slice(b[bFrom].start, b[bTo - 1].end) : ''
    const base = { check: 'source' as const, category: 'fact' as const, sourceId: source.id }
    if (aTo > aFrom && bTo > bFrom) {
      const start = a[aFrom].start
      const end = a[aTo - 1].end
      push(finding({ ...base, start, end, correction: theirs, message: `${said(theirs)} where the article has “${article.slice(start, end)}”.` }))
    } else if (aTo > aFrom) {
      // Words the source does not have: delete them with the space before (or after, at the start).
      const start = aFrom > 0 ? a[aFrom - 1].end : a[aFrom].start
      const end = aFrom > 0 || aTo >= a.length ? a[aTo - 1].end : a[aTo].start
      push(finding({ ...base, start, end, correction: '', message: `“${source.title}” (${source.kind}) does not have “${article.slice(a[aFrom].start, a[aTo - 1].end)}”.` }))
    } else if (bTo > bFrom) {
      // Words the article left out: put them in, after the word before (or before the word after).
      if (aFrom > 0) {
        const prev = a[aFrom - 1]
        const correction = article.slice(prev.start, prev.end) + source.body.slice(b[bFrom - 1]?.end ?? b[bFrom].start, b[bTo - 1].end)
        push(finding({ ...base, start: prev.start, end: prev.end, correction, message: `${said(theirs)} here; the article leaves it out.` }))
      } else if (aFrom < a.length) {
        const next = a[aFrom]
        const correction = source.body.slice(b[bFrom].start, b[bTo]?.start ?? b[bTo - 1].end) + article.slice(next.start, next.end)
        push(finding({ ...base, start: next.start, end: next.end, correction, message: `${said(theirs)} here; the article leaves it out.` }))
      }
    }
  }
  return out
}

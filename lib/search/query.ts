/**
 * What a person typed in the search box, read once for the SQL in lib/db/search.ts. Pure.
 * The query itself goes to PostgreSQL's `websearch_to_tsquery` as typed (quotes for phrases, `-`
 * to exclude, `or`); this finds the plain words (for near matches) and the word being typed (for
 * prefix matching), and marks snippets' highlights.
 */

/** A word as to_tsquery may take it: letters, marks and digits only. */
const WORD = /^[\p{L}\p{M}\p{N}]+$/u

export type ParsedQuery = {
  /** As typed, trimmed (for websearch_to_tsquery). */
  text: string
  /** Words outside quotes and not excluded, lower-cased: each may have near matches. */
  terms: string[]
  /** Those of them typed with a capital (names): near matches are looked for even when the desk has the word. */
  names: string[]
  /** Words excluded with `-`. */
  excluded: string[]
  /** The last word while it is being typed (no space after it yet), for `word:*`; else null. */
  prefix: string | null
  /** The query without that last word (the rest must still match). */
  rest: string
}

export function parseQuery(raw: string): ParsedQuery {
  const text = raw.trim()
  const terms: string[] = []
  const names: string[] = []
  const excluded: string[] = []
  let inQuote = false
  let lastPlain: { word: string; at: number } | null = null
  for (const m of text.matchAll(/"|(-?)([\p{L}\p{M}\p{N}]+)/gu)) {
    if (m[0] === '"') {
      inQuote = !inQuote
      lastPlain = null
      continue
    }
    const word = m[2].toLocaleLowerCase('en')
    if (m[1] === '-' && !inQuote) {
      excluded.push(word)
      lastPlain = null
    } else if (!inQuote && word !== 'or') {
      terms.push(word)
      if (/^\p{Lu}/u.test(m[2])) names.push(word)
      lastPlain = { word, at: m.index! }
    } else lastPlain = null
  }
  // Typing "vice pres": the last word is a prefix while nothing follows it.
  const typing = lastPlain !== null && /[\p{L}\p{M}\p{N}]$/u.test(raw) && lastPlain.at + lastPlain.word.length === text.length && !/\d/.test(lastPlain.word)
  return { text, terms, names, excluded, prefix: typing ? lastPlain!.word : null, rest: typing ? text.slice(0, lastPlain!.at).trim() : text }
}

/**
 * A to_tsquery expression: every term, each OR its near words, AND NOT the excluded ones. Words
 * are checked against WORD, so nothing typed can inject query syntax. Null when there is nothing.
 */
export function nearQuery(terms: string[], near: Map<string, string[]>, excluded: string[]): string | null {
  let anyNear = false
  const parts = terms.filter((t) => WORD.test(t)).map((t) => {
    const alternatives = [t, ...(near.get(t) ?? []).filter((w) => WORD.test(w))]
    if (alternatives.length > 1) anyNear = true
    return alternatives.length > 1 ? `(${alternatives.join(' | ')})` : t
  })
  if (!parts.length || !anyNear) return null
  return [...parts, ...excluded.filter((w) => WORD.test(w)).map((w) => `!${w}`)].join(' & ')
}

/**
 * A query for the word being typed: `word:*` (a prefix of a stem), or any of the desk's words
 * that begin with it (each stemmed by to_tsquery: "crossi" → crossings → cross).
 */
export function prefixQuery(word: string, completions: string[] = []): string | null {
  if (!WORD.test(word)) return null
  return [`${word}:*`, ...completions.filter((w) => WORD.test(w) && w !== word)].join(' | ')
}

/** Markers PostgreSQL's ts_headline puts around matched words (control characters never typed). */
export const MARK_START = '\u0002'
export const MARK_END = '\u0003'

/**
 * A snippet with markers → the text and its highlights, as [start, end) in Unicode code points
 * (as every offset in Galley's API). Stray markers in stored text cannot exist: they are control
 * characters the writers refuse; any that did would just be dropped here.
 */
export function readHighlights(marked: string): { snippet: string; highlights: Array<[number, number]> } {
  const highlights: Array<[number, number]> = []
  let snippet = ''
  let length = 0
  let open: number | null = null
  for (const ch of marked) {
    if (ch === MARK_START) open = length
    else if (ch === MARK_END) {
      if (open !== null && length > open) highlights.push([open, length])
      open = null
    } else {
      snippet += ch
      length += 1
    }
  }
  return { snippet, highlights }
}

/**
 * Is this the same claim? Two claims say the same thing when they carry the same numbers, the same
 * names and (nearly) the same other words, whatever the word order or voice: "the council built
 * 42 crossings in 2024" ≈ "in 2024, 42 crossings were built by the council", but "the council
 * closed 42 crossings in 2024" is another claim. Pure: the database finds candidates (full-text
 * search, lib/db/claims.ts), this decides and explains. Measured on a labelled set
 * (lib/search/fixtures/claim-pairs.json, app/api/search.int.test.ts).
 */
import { stemmer } from 'stemmer'
import { eng } from 'stopword'

/** Words that carry a claim's direction: kept even though stop-word lists drop them. */
const POLARITY = new Set(['not', 'no', 'nor', 'never', 'against', 'for', 'without', 'up', 'down', 'over', 'under', 'above', 'below', 'more', 'most', 'less', 'least', 'fewer', 'before', 'after', 'only', 'off', 'all', 'none', 'half'])
const STOP = new Set(eng.filter((w) => !POLARITY.has(w)).concat(['s', 'per', 'cent', 'percent']))
const NUMBER_WORDS: Record<string, string> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', twenty: '20', thirty: '30', forty: '40', fifty: '50', hundred: '100',
}

/** A word that carries no claim of its own (the, of, were …); direction words are kept. */
export function isStopWord(word: string): boolean {
  return STOP.has(word.toLocaleLowerCase('en')) || Boolean(NUMBER_WORDS[word.toLocaleLowerCase('en')])
}

export type ClaimFeatures = {
  /** Numbers, normalised ("5,000" → 5000, "eight" → 8). */
  numbers: string[]
  /** Capitalised words (lower-cased): names of people, places, bodies. */
  names: string[]
  /** Every word, lower-cased (to look a name up in). */
  words: string[]
  /** The stems of the other words that carry meaning (no stop words, no numbers). */
  stems: string[]
}

/** Words and numbers of a claim, in order. Apostrophes end a word ("Brevia's" → Brevia, s). */
function tokens(text: string): string[] {
  return text.normalize('NFC').match(/\d+(?:[.,]\d+)*|[\p{L}\p{M}]+/gu) ?? []
}

export function claimFeatures(text: string): ClaimFeatures {
  const numbers = new Set<string>()
  const names = new Set<string>()
  const words: string[] = []
  const stems = new Set<string>()
  for (const t of tokens(text)) {
    if (/^\d/.test(t)) {
      // 5,000 and 5000; 4.1 stays 4.1; 2.40 and 2.4 are one number.
      const n = t.replace(/,(?=\d{3}(?:\D|$))/g, '').replace(',', '.')
      numbers.add(String(Number(n)))
      continue
    }
    const lower = t.toLocaleLowerCase('en')
    words.push(lower)
    if (NUMBER_WORDS[lower]) {
      numbers.add(NUMBER_WORDS[lower])
      continue
    }
    if (STOP.has(lower)) continue
    if (/^\p{Lu}/u.test(t)) names.add(lower)
    stems.add(stemmer(lower))
  }
  return { numbers: [...numbers].sort(), names: [...names].sort(), words, stems: [...stems].sort() }
}

export type ClaimMatch = { same: boolean; score: number; reason: string }

/** At or above this score two claims are "the same claim" (chosen on the labelled set). */
export const SAME_CLAIM_THRESHOLD = 0.55
/** A word of each side replaced by another (built → closed, rose → fell): likely another claim. */
const SUBSTITUTION_PENALTY = 0.25

const list = (xs: string[]) => xs.join(', ')

/** Compare a new claim with one checked before: a score in [0, 1] and why. */
export function compareClaims(a: ClaimFeatures, b: ClaimFeatures): ClaimMatch {
  const numbersA = new Set(a.numbers)
  const numbersB = new Set(b.numbers)
  const onlyA = a.numbers.filter((n) => !numbersB.has(n))
  const onlyB = b.numbers.filter((n) => !numbersA.has(n))
  if (onlyA.length || onlyB.length) return { same: false, score: 0, reason: `different numbers (${list(onlyA) || '—'} / ${list(onlyB) || '—'})` }
  // A name must appear in the other claim (as a name or a word: "Knife crime …" starts a sentence).
  const wordsA = new Set(a.words)
  const wordsB = new Set(b.words)
  const missing = [...a.names.filter((n) => !wordsB.has(n)), ...b.names.filter((n) => !wordsA.has(n))]
  if (missing.length) return { same: false, score: 0, reason: `different names (${list(missing)})` }
  const stemsB = new Set(b.stems)
  const shared = a.stems.filter((s) => stemsB.has(s))
  const union = new Set([...a.stems, ...b.stems]).size
  const extraA = a.stems.length - shared.length
  const extraB = b.stems.length - shared.length
  const jaccard = union ? shared.length / union : 1
  const substituted = extraA > 0 && extraB > 0
  const score = Math.max(0, Math.round((jaccard - (substituted ? SUBSTITUTION_PENALTY : 0)) * 1000) / 1000)
  const parts = [a.numbers.length ? `same numbers (${list(a.numbers)})` : null, a.names.length || b.names.length ? `same names (${list([...new Set([...a.names, ...b.names])])})` : null, `${shared.length} of ${union} other words in common`]
  if (substituted) parts.push('a word replaced by another')
  return { same: score >= SAME_CLAIM_THRESHOLD, score, reason: parts.filter(Boolean).join('; ') }
}

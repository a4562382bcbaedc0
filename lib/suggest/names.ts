/**
 * Name variants: one person or organisation spelled two ways in one article ("Vincent Pain" …
 * "Pang"). Dictionary spell-checkers cannot see it (both are words). Two full names that differ in
 * one word by a small edit, or a later bare surname that is a small edit of a full name's surname,
 * are variants. One direction is proposed, from the evidence: the spelling the attached sources
 * use wins; else the spelling the article writes most often; else (as many of each) one
 * suggestion asks which spelling is right. Never both directions at once.
 */
import { distance } from 'fastest-levenshtein'
import { finding, type Finding } from './types'
import { isCapitalised, opensSentence, words, type Word } from './words'

/** afterArticle: "the United States", "a Duke": a thing or a title, not a person's name. */
type Mention = { parts: Word[]; start: number; end: number; afterArticle: boolean }

const ARTICLE_WORDS = new Set('the a an this that these those our their his her its my your'.split(' '))
/** The word before `start` is one of ARTICLE_WORDS. */
function afterArticle(text: string, start: number): boolean {
  const before = /(?:^|[^\p{L}])(\p{L}+)\s+$/u.exec(text.slice(Math.max(0, start - 8), start))
  return before !== null && ARTICLE_WORDS.has(before[1].toLowerCase())
}

/** How far apart two spellings may be: one edit for short words, two from five letters ("Pain"/"Pang" is two). */
function variants(a: string, b: string): boolean {
  if (a === b || a[0] !== b[0]) return false
  if (a.toLowerCase() === b.toLowerCase()) return false
  // One a prefix of the other is a form of one word ("State"/"States", "Europe"/"European").
  if (a.startsWith(b) || b.startsWith(a)) return false
  const shorter = Math.min(a.length, b.length)
  if (shorter < 4) return false
  const d = distance(a, b)
  return d <= 2 && d <= shorter / 2
}

/** Runs of capitalised words joined by single spaces: "Vincent Pain", "New York Times". */
function mentions(text: string): { full: Mention[]; bare: Mention[] } {
  const list = words(text).filter((w) => !/\d/.test(w.text))
  const full: Mention[] = []
  const bare: Mention[] = []
  for (let i = 0; i < list.length; ) {
    if (!isCapitalised(list[i].text)) {
      i++
      continue
    }
    let j = i
    while (j + 1 < list.length && isCapitalised(list[j + 1].text) && text.slice(list[j].end, list[j + 1].start) === ' ') j++
    let parts = list.slice(i, j + 1)
    // "The Senate": the article opens the sentence, it is not part of a name.
    const article = ARTICLE_WORDS.has(parts[0].text.toLowerCase())
    if (article) parts = parts.slice(1)
    i = j + 1
    if (!parts.length) continue
    const m = { parts, start: parts[0].start, end: parts[parts.length - 1].end, afterArticle: article || afterArticle(text, parts[0].start) }
    if (parts.length > 1) full.push(m)
    // A lone capitalised word opening a sentence may be any word ("Presently"); elsewhere it is a name.
    else if (!article && !opensSentence(text, m.start)) bare.push(m)
  }
  return { full, bare }
}

/** Strip a possessive: "Pang’s" → "Pang". */
const stem = (w: string) => w.replace(/['’]s$/u, '')

/** How often `spelling` stands as a whole word in `text` (case as written: "Pain", not "pain"). */
function countWord(text: string, spelling: string): number {
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${spelling.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu')
  return text.match(re)?.length ?? 0
}

/** The one spelling with the highest count, or null when none is counted or two share the top. */
function winner(counts: Array<[string, number]>): string | null {
  const sorted = [...counts].sort((x, y) => y[1] - x[1])
  if (!sorted.length || sorted[0][1] === 0 || sorted[1]?.[1] === sorted[0][1]) return null
  return sorted[0][0]
}

/** `sources`: the texts of the article's sources (wire, transcript, release), whose spelling wins. */
export function nameVariants(text: string, sources: Array<{ title: string; body: string }> = []): Finding[] {
  const all = mentions(text)
  // People's names: "the Continental Congress", "the Greeks" are not someone's name.
  const full = all.full.filter((m) => !m.afterArticle)
  const bare = all.bare.filter((m) => !m.afterArticle)
  // Groups of spellings that are one name; each spelling with every place it is written.
  type Group = { spellings: Map<string, Word[]> }
  const groups: Group[] = []
  const groupOf = new Map<string, Group>()
  const join = (a: string, b: string, wa: Word, wb: Word) => {
    let g = groupOf.get(a) ?? groupOf.get(b)
    if (!g) {
      g = { spellings: new Map() }
      groups.push(g)
    }
    for (const [s, w] of [
      [a, wa],
      [b, wb],
    ] as const) {
      groupOf.set(s, g)
      const at = g.spellings.get(s) ?? []
      if (!at.some((x) => x.start === w.start)) at.push(w)
      g.spellings.set(s, at)
    }
  }
  // Full names that differ in exactly one word, by a small edit ("Vincent Pain" / "Vincent Pang").
  for (let x = 0; x < full.length; x++) {
    for (let y = x + 1; y < full.length; y++) {
      const a = full[x].parts
      const b = full[y].parts
      if (a.length !== b.length) continue
      const differ = a.map((w, k) => (stem(w.text) === stem(b[k].text) ? -1 : k)).filter((k) => k >= 0)
      if (differ.length !== 1) continue
      const k = differ[0]
      if (variants(stem(a[k].text), stem(b[k].text))) join(stem(a[k].text), stem(b[k].text), a[k], b[k])
    }
  }
  // A bare surname that is a variant of a full name's last word, and not itself a known surname.
  const surnames = new Map<string, Word>()
  for (const m of full) {
    const last = m.parts[m.parts.length - 1]
    surnames.set(stem(last.text), last)
  }
  const firstWords = new Set(full.map((m) => m.parts[0].text))
  // A spelling the article also writes in lower case is a word before it is a name ("Command").
  const lower = new Set(words(text).filter((w) => /^\p{Ll}/u.test(w.text)).map((w) => w.text))
  const common = (w: string) => lower.has(w.toLowerCase())
  for (const m of bare) {
    const word = m.parts[0]
    const spelled = stem(word.text)
    if (surnames.has(spelled) || firstWords.has(spelled) || common(spelled)) continue
    for (const [surname, at] of surnames) {
      // A misspelt surname keeps its length and its first two letters ("Pang" for "Pain").
      if (spelled.length !== surname.length || spelled.slice(0, 2) !== surname.slice(0, 2) || common(surname) || !variants(spelled, surname)) continue
      join(surname, spelled, at, word)
      // Every bare use of the surname's own spelling belongs to the name too.
      for (const other of bare) if (stem(other.parts[0].text) === surname) join(surname, surname, at, other.parts[0])
    }
  }
  // A bare surname written as one of a name's spellings is that name too ("Halvorsen said"): it
  // counts towards the majority, and is corrected with the rest.
  for (const m of bare) {
    const word = m.parts[0]
    const g = groupOf.get(stem(word.text))
    const at = g?.spellings.get(stem(word.text))
    if (at && !at.some((x) => x.start === word.start)) at.push(word)
  }
  // One direction per name, from the evidence: the sources' spelling, else the article's majority.
  const out: Finding[] = []
  for (const g of groups) {
    // In the order the article first writes them.
    const first = (s: string) => Math.min(...g.spellings.get(s)!.map((w) => w.start))
    const spellings = [...g.spellings.keys()].sort((a, b) => first(a) - first(b))
    if (spellings.length < 2) continue
    const written = spellings.map((s) => `“${s}” (${g.spellings.get(s)!.length}×)`).join(' and ')
    const inSources = spellings.map((s) => [s, sources.reduce((n, src) => n + countWord(src.body, s), 0)] as [string, number])
    const bySource = winner(inSources)
    const right = bySource ?? winner(spellings.map((s) => [s, g.spellings.get(s)!.length]))
    if (right === null) {
      // As many of each, and no source to tell: one suggestion, on the first place of the later
      // spelling, asking which is right (the earlier spelling offered, the others as alternatives).
      const later = spellings[1]
      const w = g.spellings.get(later)!.reduce((x, y) => (y.start < x.start ? y : x))
      out.push(
        finding({
          check: 'name',
          start: w.start,
          end: w.start + later.length,
          correction: spellings[0],
          alternatives: spellings.slice(2),
          category: 'name',
          message: `One name, spelled two ways: ${written}. Which spelling is right? Check it, then correct the others to match.`,
        }),
      )
      continue
    }
    const titles = sources.filter((src) => countWord(src.body, right) > 0).map((src) => `“${src.title}”`)
    const why = bySource
      ? `the source${titles.length > 1 ? 's' : ''} ${titles.slice(0, 3).join(', ')} spell${titles.length > 1 ? '' : 's'} it “${right}”`
      : `the article writes “${right}” most often (no source attached says which is right)`
    for (const [s, places] of g.spellings) {
      if (s === right) continue
      for (const w of places) {
        out.push(
          finding({
            check: 'name',
            start: w.start,
            end: w.start + s.length,
            correction: right,
            category: 'name',
            message: `One name, spelled two ways: ${written}; ${why}.`,
          }),
        )
      }
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

/** The capitalised words the article uses as names (for the spelling checker's dictionary). */
export function articleNames(text: string): string[] {
  const { full, bare } = mentions(text)
  return [...new Set([...full, ...bare].flatMap((m) => m.parts.map((p) => stem(p.text))))]
}

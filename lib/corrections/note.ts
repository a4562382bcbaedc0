/**
 * The reader-facing corrections note: one sentence per approved fix in the categories readers are
 * owed a correction for (name, fact, quote). Spelling, grammar and "other" fixes stay silent, as
 * newsroom style guides (AP, Reuters) treat them. Pure.
 */
import { OffsetMap } from '@/lib/text/offsets'
import { correctedSpans } from './apply'
import { quote } from '@/lib/format/words'

export type NoteFix = {
  start: number
  end: number
  exact: string
  correction: string
  category: string | null
  /**
   * False for a published fix whose words a later revision rewrote (it is orphaned): readers are
   * still owed its correction, but its offsets no longer point into this text.
   */
  placed?: boolean
}

const NOTED = new Set(['name', 'fact', 'quote'])
const NAME_WORD = /^[\p{Lu}][\p{L}\p{M}'’.-]*$/u

/** How far either side of a fix a name may reach: far beyond any name, and it keeps the search local. */
const NAME_WINDOW = 200

/**
 * The full name around a corrected name fragment, read from the corrected text: "Pain" → "Pang"
 * inside "Vincent Pain" gives "Vincent Pang". Capitalised words touching the fix are included.
 * Only the text near the fix is read (NAME_WINDOW either side), so a long story with many name
 * fixes costs time in proportion to the fixes, not fixes × story.
 */
export function fullNameAround(correctedText: string, start: number, end: number): string {
  const from = Math.max(0, start - NAME_WINDOW)
  const to = Math.min(correctedText.length, end + NAME_WINDOW)
  const local = correctedText.slice(from, to)
  let words = [...local.matchAll(/[\p{L}\p{M}'’.-]+/gu)].map((m) => ({ text: m[0], start: from + m.index!, end: from + m.index! + m[0].length }))
  // A word cut by the window's edge is not a whole word: leave it out (it is far from the fix).
  if (from > 0 && words[0]?.start === from) words = words.slice(1)
  if (to < correctedText.length && words[words.length - 1]?.end === to) words = words.slice(0, -1)
  let first = words.findIndex((w) => w.end > start)
  if (first < 0) return correctedText.slice(start, end)
  let last = first
  while (last + 1 < words.length && words[last + 1].start < end) last++
  const gapIsSpace = (a: { end: number }, b: { start: number }) => /^ $/.test(correctedText.slice(a.end, b.start))
  while (first > 0 && NAME_WORD.test(words[first - 1].text) && gapIsSpace(words[first - 1], words[first]) && !/[.!?]$/.test(words[first - 1].text)) first--
  while (last + 1 < words.length && NAME_WORD.test(words[last + 1].text) && gapIsSpace(words[last], words[last + 1])) last++
  return correctedText.slice(Math.min(words[first].start, start), Math.max(words[last].end, end)).replace(/[.,;:]+$/, '')
}

/** In curly quotes, never a second pair round words that bring their own (lib/format/words quote). */
function quoted(text: string): string {
  return quote(text.trim())
}

/** One sentence for one fix, or null when the category stays silent. */
export function correctionSentence(fix: NoteFix, correctedText: string, correctedStart: number): string | null {
  if (!fix.category || !NOTED.has(fix.category)) return null
  if (fix.category === 'name') {
    const name = fullNameAround(correctedText, correctedStart, correctedStart + fix.correction.length)
    return `An earlier version of this article misspelled the name of ${name || fix.correction.trim()}.`
  }
  if (fix.category === 'quote') {
    if (!fix.correction) return `An earlier version of this article included words in a quotation, ${quoted(fix.exact)}, that were not said.`
    return `An earlier version of this article misquoted ${quoted(fix.exact)}; the words were ${quoted(fix.correction)}.`
  }
  if (!fix.correction) return `An earlier version of this article incorrectly included ${quoted(fix.exact)}.`
  return `An earlier version of this article incorrectly said ${quoted(fix.exact)}; it should have said ${quoted(fix.correction)}.`
}

/**
 * The note's sentences for approved fixes, in text order. `correctedText` is the result of
 * applying exactly these fixes (plus silent ones) to the original; positions are mapped through.
 */
export function buildCorrectionsNote(fixes: NoteFix[], correctedText: string): string[] {
  const map = new OffsetMap(correctedText)
  const sentences: string[] = []
  const names: string[] = []
  for (const f of fixes.filter((x) => x.placed === false && x.category === 'name')) {
    const name = f.correction.trim()
    if (name && !names.some((n) => containsWord(n, name))) names.push(name)
  }
  for (const { fix: f, start, end } of correctedSpans(fixes.filter((x) => x.placed !== false))) {
    const correctedStart = map.toUtf16(start)
    if (f.category === 'name') {
      // One sentence per person: "Pang" later in the story is the same "Vincent Pang".
      const name = fullNameAround(correctedText, correctedStart, map.toUtf16(end))
      if (!names.some((n) => containsWord(n, name))) names.push(name)
      continue
    }
    const sentence = correctionSentence(f, correctedText, correctedStart)
    if (sentence && !sentences.includes(sentence)) sentences.push(sentence)
  }
  for (const f of fixes.filter((x) => x.placed === false && x.category !== 'name')) {
    const sentence = correctionSentence(f, correctedText, 0)
    if (sentence && !sentences.includes(sentence)) sentences.push(sentence)
  }
  const nameSentences = names
    .filter((n, i) => !names.some((other, j) => j !== i && other !== n && containsWord(other, n)))
    .map((n) => `An earlier version of this article misspelled the name of ${n}.`)
  return [...nameSentences, ...sentences]
}

function containsWord(haystack: string, needle: string): boolean {
  if (!needle) return true
  return ` ${haystack} `.includes(` ${needle} `)
}

/** A standards editor's own words for readers, added when fixes are published: one line, at most this long. */
export const STANDARDS_NOTE_MAX = 1_000

/**
 * What readers read, wherever a corrections note is shown (the public page and feed, the exports,
 * the webhooks, and the publish dialog's preview): the note's sentences, then the standards
 * editor's own words, each as one more paragraph, in the order they were given. The one place
 * that decides how the two go together, so the preview is exactly what readers get.
 */
export function readerNote(sentences: string[], standardsNotes: Array<string | null | undefined> = []): string[] {
  const own = standardsNotes.map((s) => (s ?? '').trim()).filter((s) => s.length > 0)
  return [...sentences, ...own]
}

/** Why a fix is or is not in the note, in the words the publish dialog shows. */
const SILENT_WHY: Record<string, string> = {
  spelling: 'a spelling fix: readers are not told of spelling fixes (they change no fact)',
  grammar: 'a grammar fix: readers are not told of grammar fixes (they change no fact)',
  other: 'its category is “other”: readers are told only of name, fact and quote fixes',
}

export type NoteFixExplained = { id: string; mentioned: boolean; sentence: string | null; why: string }

/**
 * The note one publication adds, and for each of its fixes whether the note mentions it and why:
 * the sentences of `buildCorrectionsNote` less those `said` already (an earlier publication of the
 * same article told readers; they are not repeated), in the same order. Pure: the publish dialog's
 * preview and the publication itself both come from here.
 */
export function explainNote(fixes: Array<NoteFix & { id: string }>, correctedText: string, said: Iterable<string> = []): { sentences: string[]; fixes: NoteFixExplained[] } {
  const all = buildCorrectionsNote(fixes, correctedText)
  const saidSet = new Set(said)
  const sentences = all.filter((s) => !saidSet.has(s))
  const map = new OffsetMap(correctedText)
  const NAME_LEAD = 'An earlier version of this article misspelled the name of '
  const explained = new Map<string, NoteFixExplained>()
  for (const { fix: f, start, end } of correctedSpans(fixes.filter((x) => x.placed !== false))) {
    let sentence: string | null
    if (f.category === 'name') {
      const name = fullNameAround(correctedText, map.toUtf16(start), map.toUtf16(end))
      sentence = all.find((s) => s.startsWith(NAME_LEAD) && containsWord(s.slice(NAME_LEAD.length, -1), name)) ?? null
    } else {
      sentence = correctionSentence(f, correctedText, map.toUtf16(start))
    }
    explained.set(f.id, explainOne(f, sentence, saidSet))
  }
  for (const f of fixes.filter((x) => x.placed === false)) {
    const sentence = f.category === 'name' ? (all.find((s) => s.startsWith(NAME_LEAD) && containsWord(s.slice(NAME_LEAD.length, -1), f.correction.trim())) ?? null) : correctionSentence(f, correctedText, 0)
    explained.set(f.id, explainOne(f, sentence, saidSet))
  }
  return { sentences, fixes: fixes.map((f) => explained.get(f.id)!) }
}

function explainOne(f: NoteFix & { id: string }, sentence: string | null, said: Set<string>): NoteFixExplained {
  if (!f.category || !NOTED.has(f.category)) return { id: f.id, mentioned: false, sentence: null, why: SILENT_WHY[f.category ?? 'other'] ?? SILENT_WHY.other }
  if (!sentence) return { id: f.id, mentioned: false, sentence: null, why: 'the note says nothing for it (no words to name)' }
  if (said.has(sentence)) return { id: f.id, mentioned: false, sentence, why: 'readers were told this already, when the article was corrected before: not repeated' }
  return { id: f.id, mentioned: true, sentence, why: f.category === 'name' ? 'a name fix: readers are told the name was misspelled' : f.category === 'quote' ? 'a quote fix: readers are told what was misquoted' : 'a fact fix: readers are told what the article said and should have said' }
}

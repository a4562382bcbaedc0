/**
 * A character-exact diff of two versions of an article that stays fast on whole books: diff the
 * word sequences first (each distinct word coded as one character, as diff-match-patch does for
 * lines), then diff characters only inside the gaps between unchanged words. Rewrapped lines and
 * respelled words thus cost almost nothing. Pure; offsets are UTF-16 indexes.
 */
import DiffMatchPatch from 'diff-match-patch'

export const DIFF_DELETE = -1
export const DIFF_INSERT = 1
export const DIFF_EQUAL = 0
export type Diff = [number, string]

/** An unchanged stretch: old[oldStart, oldStart+length) equals new[newStart, …). */
export type EqualRun = { oldStart: number; newStart: number; length: number }

const dmp = new DiffMatchPatch()
dmp.Diff_Timeout = 0 // exact diffs: the word-level pass keeps them small
// Codes for words skip the surrogate range so coded strings stay well-formed.
const MAX_CODES = 0xd800 - 1

type Word = { text: string; start: number; end: number }
type Paragraph = { key: string; first: number; last: number } // words [first, last)

/** Words (runs of non-space) and paragraphs (runs of words between blank lines). */
function tokenize(text: string): { words: Word[]; paragraphs: Paragraph[] } {
  const words: Word[] = []
  const paragraphs: Paragraph[] = []
  let paraStart = 0
  let newlines = 0
  const closeParagraph = () => {
    if (words.length > paraStart) {
      paragraphs.push({ key: words.slice(paraStart).map((w) => w.text).join(' '), first: paraStart, last: words.length })
    }
    paraStart = words.length
  }
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 9 || c === 13 || c === 10 || c === 12 || c === 11 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000) {
      if (c === 10) newlines++
      i++
      continue
    }
    if (newlines >= 2) closeParagraph()
    newlines = 0
    const start = i
    while (i < text.length) {
      const d = text.charCodeAt(i)
      if (d === 32 || d === 9 || d === 13 || d === 10 || d === 12 || d === 11 || d === 0xa0 || (d >= 0x2000 && d <= 0x200a) || d === 0x2028 || d === 0x2029 || d === 0x3000) break
      i++
    }
    words.push({ text: text.slice(start, i), start, end: i })
  }
  closeParagraph()
  return { words, paragraphs }
}

/** Diff two sequences of strings by coding each distinct string as one character. */
function diffSequences(a: string[], b: string[]): Diff[] | null {
  const codes = new Map<string, string>()
  const encode = (xs: string[]) => {
    let out = ''
    for (const x of xs) {
      let c = codes.get(x)
      if (c === undefined) {
        if (codes.size >= MAX_CODES) return null
        c = String.fromCharCode(codes.size + 1)
        codes.set(x, c)
      }
      out += c
    }
    return out
  }
  const ca = encode(a)
  const cb = encode(b)
  if (ca === null || cb === null) return null
  return dmp.diff_main(ca, cb, false)
}

/**
 * Pairs of unchanged words (index in `a`, index in `b`), in order: paragraphs are compared first
 * by their words (so rewrapping does not count as a change), then words inside changed paragraphs.
 */
function matchedWords(a: { words: Word[]; paragraphs: Paragraph[] }, b: { words: Word[]; paragraphs: Paragraph[] }): Array<[number, number]> | null {
  const pairs: Array<[number, number]> = []
  const paraDiff = diffSequences(a.paragraphs.map((p) => p.key), b.paragraphs.map((p) => p.key))
  if (!paraDiff) return null
  let pi = 0
  let pj = 0
  let pendingA: number[] = [] // word indexes of paragraphs changed since the last equal paragraph
  let pendingB: number[] = []
  const flush = () => {
    if (pendingA.length && pendingB.length) {
      const wordDiff = diffSequences(pendingA.map((k) => a.words[k].text), pendingB.map((k) => b.words[k].text))
      if (!wordDiff) return false
      let x = 0
      let y = 0
      for (const [op, run] of wordDiff) {
        if (op === DIFF_DELETE) x += run.length
        else if (op === DIFF_INSERT) y += run.length
        else for (let k = 0; k < run.length; k++) pairs.push([pendingA[x++], pendingB[y++]])
      }
    }
    pendingA = []
    pendingB = []
    return true
  }
  for (const [op, run] of paraDiff) {
    for (let k = 0; k < run.length; k++) {
      if (op === DIFF_DELETE) {
        const p = a.paragraphs[pi++]
        for (let w = p.first; w < p.last; w++) pendingA.push(w)
      } else if (op === DIFF_INSERT) {
        const p = b.paragraphs[pj++]
        for (let w = p.first; w < p.last; w++) pendingB.push(w)
      } else {
        if (!flush()) return null
        const p = a.paragraphs[pi++]
        const q = b.paragraphs[pj++]
        for (let w = 0; w < p.last - p.first; w++) pairs.push([p.first + w, q.first + w])
      }
    }
  }
  return flush() ? pairs : null
}

/** The character-level diff of `before` → `after`, semantically cleaned inside changed gaps. */
export function diffTexts(before: string, after: string): Diff[] {
  if (before === after) return before ? [[DIFF_EQUAL, before]] : []
  const a = tokenize(before)
  const b = tokenize(after)
  const pairs = matchedWords(a, b)
  if (!pairs) return charDiff(before, after) // vocabulary too large to code

  const out: Diff[] = []
  const push = (op: number, text: string) => {
    if (!text) return
    const last = out[out.length - 1]
    if (last && last[0] === op) last[1] += text
    else out.push([op, text])
  }
  let oldPos = 0 // next unconsumed char of `before`
  let newPos = 0
  const flushGap = (oldEnd: number, newEnd: number) => {
    const x = before.slice(oldPos, oldEnd)
    const y = after.slice(newPos, newEnd)
    if (x === y) push(DIFF_EQUAL, x)
    else for (const d of charDiff(x, y)) push(d[0], d[1])
    oldPos = oldEnd
    newPos = newEnd
  }
  for (const [i, j] of pairs) {
    flushGap(a.words[i].start, b.words[j].start)
    push(DIFF_EQUAL, a.words[i].text)
    oldPos = a.words[i].end
    newPos = b.words[j].end
  }
  flushGap(before.length, after.length)
  return out
}

function charDiff(x: string, y: string): Diff[] {
  if (x === y) return x ? [[DIFF_EQUAL, x]] : []
  const diffs = dmp.diff_main(x, y, false)
  dmp.diff_cleanupSemantic(diffs)
  return diffs
}

/** The unchanged runs of a diff, in order. */
export function equalRuns(diffs: Diff[]): EqualRun[] {
  const runs: EqualRun[] = []
  let o = 0
  let n = 0
  for (const [op, text] of diffs) {
    if (op === DIFF_EQUAL) {
      runs.push({ oldStart: o, newStart: n, length: text.length })
      o += text.length
      n += text.length
    } else if (op === DIFF_DELETE) o += text.length
    else n += text.length
  }
  return runs
}

/** A changed stretch between two unchanged runs: old[oldStart, oldEnd) became new[newStart, newEnd). */
export type Hunk = { oldStart: number; oldEnd: number; newStart: number; newEnd: number }

/**
 * Where old index `index` lands: `{ index }` when that character is unchanged, otherwise the
 * changed hunk that swallowed it.
 */
export function locateIndex(runs: EqualRun[], index: number): { index: number; hunk?: undefined } | { index?: undefined; hunk: Hunk } {
  let lo = 0
  let hi = runs.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (runs[mid].oldStart <= index) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  const prev = found >= 0 ? runs[found] : { oldStart: 0, newStart: 0, length: 0 }
  if (found >= 0 && index < prev.oldStart + prev.length) return { index: prev.newStart + (index - prev.oldStart) }
  const next = runs[found + 1]
  return {
    hunk: {
      oldStart: prev.oldStart + prev.length,
      oldEnd: next ? next.oldStart : Number.MAX_SAFE_INTEGER,
      newStart: prev.newStart + prev.length,
      newEnd: next ? next.newStart : Number.MAX_SAFE_INTEGER,
    },
  }
}

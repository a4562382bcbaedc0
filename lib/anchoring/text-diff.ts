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

function words(text: string): Word[] {
  const out: Word[] = []
  for (const m of text.matchAll(/\S+/g)) out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length })
  return out
}

/** The character-level diff of `before` → `after`, semantically cleaned inside changed gaps. */
export function diffTexts(before: string, after: string): Diff[] {
  if (before === after) return before ? [[DIFF_EQUAL, before]] : []
  const a = words(before)
  const b = words(after)
  const codes = new Map<string, string>()
  const encode = (ws: Word[]) => {
    let s = ''
    for (const w of ws) {
      let c = codes.get(w.text)
      if (c === undefined) {
        c = String.fromCharCode(codes.size + 1)
        codes.set(w.text, c)
      }
      s += c
    }
    return s
  }
  const ca = encode(a)
  const cb = encode(b)
  if (codes.size > MAX_CODES) return charDiff(before, after) // vocabulary too large to code

  const out: Diff[] = []
  const push = (op: number, text: string) => {
    if (!text) return
    const last = out[out.length - 1]
    if (last && last[0] === op) last[1] += text
    else out.push([op, text])
  }
  let oldPos = 0 // next unconsumed char of `before`
  let newPos = 0
  let i = 0 // next word of a
  let j = 0
  const flushGap = (oldEnd: number, newEnd: number) => {
    for (const d of charDiff(before.slice(oldPos, oldEnd), after.slice(newPos, newEnd))) push(d[0], d[1])
    oldPos = oldEnd
    newPos = newEnd
  }
  for (const [op, run] of dmp.diff_main(ca, cb, false)) {
    if (op === DIFF_DELETE) i += run.length
    else if (op === DIFF_INSERT) j += run.length
    else {
      for (let k = 0; k < run.length; k++, i++, j++) {
        flushGap(a[i].start, b[j].start)
        push(DIFF_EQUAL, a[i].text)
        oldPos = a[i].end
        newPos = b[j].end
      }
    }
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

/**
 * A word-level diff (diff-match-patch over words coded as characters, as it does for lines), in
 * the comparison form of words.ts: "Huawei’s" and "Huawei's" are the same word. Punctuation
 * marks are tokens of their own, white space is not. Pure; offsets are UTF-16 indexes.
 */
import DiffMatchPatch from 'diff-match-patch'
import { normalize } from './words'

export type Token = { norm: string; start: number; end: number }
/** One run of the diff, as token index ranges [from, to) of a and of b. */
export type TokenOp = { op: -1 | 0 | 1; aFrom: number; aTo: number; bFrom: number; bTo: number }

const TOKEN = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu
const WORD_TOKEN = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu

/** Words and punctuation marks of text[from, to); with `wordsOnly`, the words alone. */
export function tokenize(text: string, from = 0, to = text.length, wordsOnly = false): Token[] {
  const out: Token[] = []
  const slice = text.slice(from, to)
  for (const m of slice.matchAll(wordsOnly ? WORD_TOKEN : TOKEN)) {
    // normalize() makes every kind of quote and dash one mark: typography is not a divergence.
    out.push({ norm: normalize(m[0]), start: from + m.index, end: from + m.index + m[0].length })
  }
  return out
}

const dmp = new DiffMatchPatch()
dmp.Diff_Timeout = 0
// Codes skip the surrogate range so the coded strings stay well-formed.
const MAX_CODES = 0xd800 - 1

/** Diff two token lists; null if they hold more distinct words than there are codes (not on prose). */
export function diffTokens(a: Token[], b: Token[], codes = new Map<string, string>()): TokenOp[] | null {
  const code = (t: Token) => {
    let c = codes.get(t.norm)
    if (c === undefined) {
      if (codes.size >= MAX_CODES) return null
      c = String.fromCharCode(codes.size + 1)
      codes.set(t.norm, c)
    }
    return c
  }
  let sa = ''
  let sb = ''
  for (const t of a) {
    const c = code(t)
    if (c === null) return null
    sa += c
  }
  for (const t of b) {
    const c = code(t)
    if (c === null) return null
    sb += c
  }
  const ops: TokenOp[] = []
  let i = 0
  let j = 0
  for (const [op, s] of dmp.diff_main(sa, sb, false)) {
    const n = s.length
    if (op === 0) ops.push({ op: 0, aFrom: i, aTo: (i += n), bFrom: j, bTo: (j += n) })
    else if (op === -1) ops.push({ op: -1, aFrom: i, aTo: (i += n), bFrom: j, bTo: j })
    else ops.push({ op: 1, aFrom: i, aTo: i, bFrom: j, bTo: (j += n) })
  }
  return ops
}

/** A diff of the words alone as [op, text] pairs, a's and b's (for showing a quote against its source). */
export function wordDiff(aText: string, bText: string): Array<[number, string]> {
  const a = tokenize(aText, 0, aText.length, true)
  const b = tokenize(bText, 0, bText.length, true)
  const ops = diffTokens(a, b) ?? [{ op: -1 as const, aFrom: 0, aTo: a.length, bFrom: 0, bTo: 0 }, { op: 1 as const, aFrom: 0, aTo: 0, bFrom: 0, bTo: b.length }]
  const out: Array<[number, string]> = []
  for (const o of ops) {
    if (o.op === 1) out.push([1, bText.slice(b[o.bFrom].start, b[o.bTo - 1].end)])
    else if (o.aTo > o.aFrom) out.push([o.op, aText.slice(a[o.aFrom].start, a[o.aTo - 1].end)])
  }
  return out
}

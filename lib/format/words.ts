/**
 * Counting and quoting in words, the same way on every page and in the history: "1 claim",
 * "2 claims", "1 fix", "3 fixes"; words in curly quotes that are never doubled. Pure.
 */

/**
 * The noun for `n` of it: `plural(1, 'fix', 'fixes')` → "fix"; the plural is `one` + s unless given.
 * English has one singular, for exactly 1 or -1 (what Intl.PluralRules('en') says, without loading it
 * into every page before paint).
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return Math.abs(n) === 1 ? one : many
}

/**
 * A whole number with thousands separators, "1,204", as toLocaleString('en') writes it — whose
 * first call in a browser loads number-format data (~40 ms of the annotate page before paint).
 */
export function thousands(n: number): string {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en')
}

/** `n` and the noun for it, the number with thousands separators: "1 claim", "1,204 claims". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${thousands(n)} ${plural(n, one, many)}`
}

/** Opening and closing marks a text may already be wrapped in (curly, straight, guillemets, low-high). */
const PAIRS: Array<[string, string]> = [
  ['“', '”'],
  ['"', '"'],
  ['‘', '’'],
  ["'", "'"],
  ['«', '»'],
  ['„', '“'],
  ['„', '”'],
]

/** Whether `s` is already one quotation from its first mark to its last (“…”, "…", «…»). */
export function isQuoted(s: string): boolean {
  const t = s.trim()
  return t.length >= 2 && PAIRS.some(([open, close]) => t.startsWith(open) && t.endsWith(close))
}

/**
 * Words in curly quotes, cut to `max` characters with an ellipsis: “Pain”. A text that is already
 * a quotation (a quote annotation on “We will…”, with its marks) keeps its own marks and gets no
 * second pair; one that only starts or ends with a double mark (“We will not sell,” he said) is
 * put in single quotes, as a quotation inside a quotation is, so two marks never stand together.
 */
export function quote(s: string, max = Infinity): string {
  const cut = s.length > max ? `${s.slice(0, max - 1)}…` : s
  if (isQuoted(s)) return cut === s ? s : `${cut}${closingFor(s.trim()[0])}` // cut inside: its opening mark stays, the closing one is ours
  return DOUBLE_AT_ENDS.test(cut) ? `‘${cut}’` : `“${cut}”`
}

const DOUBLE_AT_ENDS = /^\s*["“”„«»]|["“”„«»]\s*$/

function closingFor(open: string): string {
  return PAIRS.find(([o]) => o === open)?.[1] ?? '”'
}

/** A sentence with one full stop at its end: "… weeks old." stays, "… old" gets one, "wait…" keeps its ellipsis. */
export function sentence(s: string): string {
  const t = s.trimEnd()
  return /[.!?…]["”’»)]*$/.test(t) ? t : `${t}.`
}

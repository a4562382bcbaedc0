/**
 * Whether an offset falls inside a user-perceived character: between a letter and the combining
 * accent after it (NFD "é" is "e" + U+0301), inside an emoji joined with U+200D, or before an
 * emoji skin-tone modifier or a variation selector. A span whose boundary does that would cut a
 * character in two (an annotation on "Jose" of "José"). Pure.
 *
 * The rule is Unicode's grapheme "Extend" in the form that matters for spans: a boundary is
 * inside a character when the code point after it extends the one before (any combining mark
 * \p{M}, which includes variation selectors; U+200D ZERO WIDTH JOINER; emoji modifiers
 * U+1F3FB–U+1F3FF; tag characters U+E0020–U+E007F; Hangul vowel and final jamo), or when the
 * code point before it is U+200D. (Pairs of regional-indicator flags and Indic conjuncts are not
 * checked.)
 */

export const ZWJ = '\u200d'
// Hangul vowel and final jamo (U+1160–U+11FF, U+D7B0–U+D7FF) join the leading jamo before them
// into one syllable, as NFD Korean text is written.
const EXTENDER = /^(?:\p{M}|\u200d|[\u{1f3fb}-\u{1f3ff}]|[\u{e0020}-\u{e007f}]|[\u1160-\u11ff]|[\ud7b0-\ud7ff])/u

/** Whether `cp`, the first code point of `after`, attaches to the character before it. */
export function startsWithExtender(after: string): boolean {
  return EXTENDER.test(after)
}

/** Whether a boundary between `before` and `after` would split a character. */
export function splitsCharacter(before: string, after: string): boolean {
  if (!before || !after) return false
  return startsWithExtender(after) || before.endsWith(ZWJ)
}

let pgClass: string | null = null

/** A code point as a PostgreSQL regular-expression escape (\uXXXX, or \UXXXXXXXX beyond the BMP). */
const pgEscape = (cp: number) => (cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`)

/**
 * The same set of extending code points as a PostgreSQL regular expression, `^[...]`, written
 * with escapes, for the database's copy of the rule (the galley_splits_at function in the
 * migrations). Built from the JavaScript Unicode tables; a unit test checks the migration still
 * holds exactly this.
 */
export function extenderPgRegex(): string {
  if (pgClass) return pgClass
  const ranges: Array<[number, number]> = []
  let open = -1
  // Marks and the other extenders all lie below U+E01F0 (the last variation selector).
  for (let cp = 0; cp <= 0xe01f0; cp++) {
    const is = cp < 0xd800 || cp > 0xdfff ? EXTENDER.test(String.fromCodePoint(cp)) : false
    if (is && open < 0) open = cp
    if (!is && open >= 0) {
      ranges.push([open, cp - 1])
      open = -1
    }
  }
  pgClass = `^[${ranges.map(([a, b]) => (a === b ? pgEscape(a) : `${pgEscape(a)}-${pgEscape(b)}`)).join('')}]`
  return pgClass
}

/** The PostgreSQL class as a JavaScript regular expression (\U0001f3fb → \u{1f3fb}), for tests. */
export function pgRegexToJs(source: string): RegExp {
  return new RegExp(source.replace(/\\U([0-9a-f]{8})/g, (_, hex) => `\\u{${parseInt(hex, 16).toString(16)}}`), 'u')
}

/**
 * The same word twice in a row, also across a comma, semicolon or line break ("licenses,
 * licenses", "the the"), which grammar checkers miss: Harper and retext reset at punctuation.
 * The suggestion deletes the second copy with what separates it from the first.
 */
import { finding, type Finding } from './types'
import { words, normalize, isCapitalised } from './words'

/** Doubled on purpose in ordinary prose ("very, very", "had had", "that that", "ha ha"). */
const DELIBERATE = new Set(
  'very really so no yes ha haha bye oh now well far many much more again round over on by long little bit step tick knock chop hush pooh yum boo tut bla blah had that is do can'.split(' '),
)
/** Only white space, or one comma, semicolon or colon, and at most one line break. */
const SEPARATOR = /^[ \t]*(?:[,;:][ \t]*)?(?:\r?\n[ \t]*)?$/

export function repeatedWords(text: string): Finding[] {
  const out: Finding[] = []
  const list = words(text)
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1]
    const b = list[i]
    const between = text.slice(a.end, b.start)
    if (!between || !SEPARATOR.test(between)) continue
    const word = normalize(b.text)
    if (word !== normalize(a.text) || DELIBERATE.has(word) || /^\p{N}/u.test(word)) continue
    // Across punctuation, a short word usually starts the next clause ("from it, it must").
    if (/[,;:]/.test(between) && word.length < 4) continue
    // "Duran Duran", "Sirhan Sirhan": two capitals are a name, not a slip.
    if (isCapitalised(a.text) && isCapitalised(b.text)) continue
    out.push(
      finding({
        check: 'repeated-word',
        start: a.end,
        end: b.end,
        correction: '',
        category: 'grammar',
        message: `“${b.text}” is repeated${between.trim() ? ` across “${between.trim()}”` : ''}; delete the second one (or put back the word it replaced).`,
      }),
    )
  }
  return out
}

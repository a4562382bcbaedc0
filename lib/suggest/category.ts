/**
 * The category an accepted suggestion's fix gets: the one that fits what it corrects, since the
 * category decides whether readers are told (lib/corrections/note.ts tells them of name, fact and
 * quote fixes). A source difference in a name is a name fix, one in a number a fact fix; spinner
 * wording is wording ("other"), unless its row swaps a name or title (spinner-phrases.ts). Pure.
 */
import type { Finding } from './types'
import { spinnerCategory } from './spinner'

type Category = Finding['category']

/** Capitalised words that start sentences, not names ("The" → "A" is not a name fix). */
const NOT_NAMES = new Set('A An The This That These Those It Its He She They We I You His Her Their Our In On At Of For By To From With As But And Or If When While After Before Some Many Most All'.split(' '))
const NAME_WORD = /^[\p{Lu}][\p{L}\p{M}'’.-]*$/u

/** Words that are a name: each capitalised (or a particle inside one: "van", "de"), at least one not a sentence opener. */
function isName(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean)
  if (words.length === 0 || words.length > 6) return false
  if (!words.every((w, i) => NAME_WORD.test(w) || (i > 0 && i < words.length - 1 && /^(?:van|von|de|da|del|der|di|du|la|le|bin|al)$/.test(w)))) return false
  return words.some((w) => NAME_WORD.test(w) && !NOT_NAMES.has(w))
}

const digits = (s: string) => (s.match(/\d+(?:[.,]\d+)*/g) ?? []).join(' ')

/**
 * The category for a suggestion of `check` that replaces `exact` with `correction`; `category` is
 * what the check said (kept when nothing here fits better).
 */
export function suggestionCategory({ check, exact, correction, category }: { check: string; exact: string; correction: string | null; category: string }): Category {
  const fallback = category as Category
  if (check === 'spinner') return spinnerCategory(exact.trim())
  if (check !== 'source' || correction === null) return fallback
  // A number that differs from the source's is a fact readers were told wrong.
  if (digits(exact) !== digits(correction)) return 'fact'
  // A name spelt otherwise than the source spells it ("Pain" for "Pang"): a name fix. Word for
  // word only: words the source adds to a name ("Vincent" → "Vincent Pang") were left out, not
  // misspelled, and readers must not be told the name was.
  const words = (t: string) => t.trim().split(/\s+/).filter(Boolean)
  if (correction.trim() && words(exact).length === words(correction).length && isName(exact) && isName(correction)) return 'name'
  return fallback
}

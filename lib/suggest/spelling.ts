/**
 * Spelling and grammar with harper.js. Names are not misspellings: only all-lower-case words are
 * spell-checked (a capitalised word mid-sentence is a name, an all-capitals one an acronym or a
 * dateline), after the article's own names are added to the dictionary. Each distinct word is
 * checked once per process (harper parses a word list far faster than prose), so a long article
 * costs its new words, not its length. Grammar runs only the rules in HARPER_RULES, on the
 * sentences their trigger could apply to.
 */
import { distance } from 'fastest-levenshtein'
import { harperLinter } from './harper'
import { finding, type Finding } from './types'
import { words } from './words'

type Verdict = { ok: true } | { ok: false; suggestions: string[] }
const holder = globalThis as unknown as { galleySpelling?: Map<string, Verdict> }
const verdicts = (holder.galleySpelling ??= new Map<string, Verdict>())
/** Enough for a desk's vocabulary; beyond it the cache starts again rather than grow without end. */
const MAX_CACHED_WORDS = 200_000

/** Words spell-checked: lower case, four letters or more, no digits. */
const CHECKED = /^\p{Ll}{4,}$/u

/** British and older spellings (colour, centre, realise, travelled, judgement): a house style, not a slip. */
const SPELLING_STYLES: Array<[RegExp, string]> = [
  [/our/g, 'or'],
  [/re$/, 'er'],
  [/res$/, 'ers'],
  [/is(e|es|ed|ing|ation)$/, 'iz$1'],
  [/ys(e|es|ed|ing)$/, 'yz$1'],
  [/ll/g, 'l'],
  [/l(ed|ing|er)$/, 'll$1'],
  [/ement/, 'ment'],
  [/ae/g, 'e'],
  [/oe/g, 'e'],
  [/ogue$/, 'og'],
  [/mme$/, 'm'],
  [/ough/, 'ow'],
  [/ou/, 'o'],
  [/xion/, 'ction'],
  [/ey$/, 'y'],
]

/** Whether one is the other in another house style (colour/color, centre/center). */
function otherSpelling(word: string, s: string): boolean {
  return SPELLING_STYLES.some(([re, to]) => word.replace(re, to) === s || s.replace(re, to) === word)
}

/**
 * Whether `suggestion` is a likely fix of the typo `word`: one letter added, dropped, changed, or
 * two swapped; not another spelling of the same word nor the word with an apostrophe put in.
 */
export function likelyTypo(word: string, suggestion: string): boolean {
  const s = suggestion.toLowerCase()
  if (s.replace(/['’]/g, '') === word || !/^\p{Ll}+$/u.test(s)) return false
  // A form of the same word: a plural, an un-, a -ly.
  if (word.startsWith(s) || s.startsWith(word) || word.endsWith(s) || s.endsWith(word)) return false
  if (distance(word, s) === 1) return true
  // A swap of two neighbours ("recieve" → "receive").
  if (word.length !== s.length) return false
  const diff = [...word].flatMap((c, i) => (c === s[i] ? [] : [i]))
  return diff.length === 2 && diff[1] === diff[0] + 1 && word[diff[0]] === s[diff[1]] && word[diff[1]] === s[diff[0]]
}

async function checkWords(list: string[]): Promise<void> {
  const unknown = list.filter((w) => !verdicts.has(w))
  if (!unknown.length) return
  if (verdicts.size + unknown.length > MAX_CACHED_WORDS) verdicts.clear()
  const linter = await harperLinter()
  const doc = unknown.join('\n')
  const flagged = new Map<string, string[]>()
  for (const lint of await linter.lint(doc, { language: 'plaintext' })) {
    if (lint.lint_kind() !== 'Spelling') continue
    const span = lint.span()
    flagged.set(
      doc.slice(span.start, span.end),
      lint.suggestions().map((s) => s.get_replacement_text()),
    )
  }
  for (const w of unknown) {
    const s = flagged.get(w)
    verdicts.set(w, s ? { ok: false, suggestions: s } : { ok: true })
  }
}

/** Sentences one of the grammar rules could fire on: "a apple", "an car", "would of". */
const GRAMMAR_TRIGGER = /\b[Aa]\s+[aeiouAEIOU]\p{L}|\b[Aa]n\s+[b-df-gj-np-tv-zB-DF-GJ-NP-TV-Z]\p{L}|\b(?:would|could|should|must|might|may)\s+of\b/u

/** "would of course", "must of necessity", "would of itself": an idiom, not "would have". */
const MODAL_OF_IDIOM = /^\s+(?:course|necessity|itself|themselves|himself|herself|right|consequence|late|need)\b/

export async function spelling(text: string, names: string[] = []): Promise<Finding[]> {
  const found = words(text)
  const known = new Set(names.map((n) => n.toLowerCase()))
  const candidates = found.filter((w) => CHECKED.test(w.text) && !known.has(w.text))
  await checkWords([...new Set(candidates.map((w) => w.text))])
  const out: Finding[] = []
  // A word the article spells the same way three times or more is its usage, not a slip.
  const uses = new Map<string, number>()
  for (const w of candidates) uses.set(w.text, (uses.get(w.text) ?? 0) + 1)
  for (const w of candidates) {
    const v = verdicts.get(w.text)
    if (!v || v.ok || (uses.get(w.text) ?? 0) >= 3) continue
    if (v.suggestions.some((s) => otherSpelling(w.text, s.toLowerCase()))) continue
    const likely = v.suggestions.filter((s) => likelyTypo(w.text, s))
    if (!likely.length) continue
    out.push(
      finding({
        check: 'spelling',
        start: w.start,
        end: w.end,
        correction: likely[0],
        alternatives: likely.slice(1),
        category: 'spelling',
        message: `“${w.text}” is not in the dictionary; did you mean “${likely[0]}”?`,
      }),
    )
  }
  out.push(...(await grammar(text)))
  return out
}

async function grammar(text: string): Promise<Finding[]> {
  const out: Finding[] = []
  const linter = await harperLinter()
  // Paragraph by paragraph, only those a rule could apply to.
  for (let s = 0; s < text.length; ) {
    let e = text.indexOf('\n', s)
    if (e < 0) e = text.length
    const para = text.slice(s, e)
    if (GRAMMAR_TRIGGER.test(para)) {
      for (const lint of await linter.lint(para, { language: 'plaintext' })) {
        if (lint.lint_kind() === 'Spelling') continue
        const span = lint.span()
        const first = lint.suggestions()[0]
        if (!first) continue
        const exact = para.slice(span.start, span.end)
        // Harper's suggestion kinds: 0 replace, 1 remove, 2 insert after.
        const kind = first.kind()
        const correction = kind === 1 ? '' : kind === 2 ? exact + first.get_replacement_text() : first.get_replacement_text()
        // "would of course be" is not "would have".
        if (correction === exact || MODAL_OF_IDIOM.test(para.slice(span.end))) continue
        out.push(finding({ check: 'grammar', start: s + span.start, end: s + span.end, correction, category: 'grammar', message: lint.message() }))
      }
    }
    s = e + 1
  }
  return out
}

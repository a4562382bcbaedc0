/** Spinner artefacts: the phrases of spinner-phrases.ts, each replaced by its plain form. */
import { SPINNER_PHRASES, type SpinnerPhrase } from './spinner-phrases'
import { finding, type Finding } from './types'

/** One pattern per phrase: whole words, any run of white space between them, ' or ’ alike. */
function pattern(p: SpinnerPhrase): RegExp {
  const body = p.phrase
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]"))
    .join('\\s+')
  const after = p.notBefore ? `(?![\\p{L}\\p{N}])(?!${p.notBefore})` : '(?![\\p{L}\\p{N}])'
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${after}`, p.matchCase ? 'gu' : 'giu')
}

const COMPILED = SPINNER_PHRASES.map((p) => ({ p, re: pattern(p) }))

/** Keep the found text's capital (and its curly apostrophe) in the plain form. */
function fit(found: string, plain: string): string {
  let out = found.includes('’') ? plain.replace(/'/g, '’') : plain
  if (/^\p{Lu}/u.test(found) && /^\p{Ll}/u.test(out)) out = out[0].toUpperCase() + out.slice(1)
  return out
}

export function spinner(text: string): Finding[] {
  const out: Finding[] = []
  for (const { p, re } of COMPILED) {
    re.lastIndex = 0
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const correction = fit(m[0], p.plain)
      out.push(
        finding({
          check: 'spinner',
          start: m.index,
          end: m.index + m[0].length,
          correction,
          category: p.category ?? 'other',
          message: `“${m[0]}” reads like a spinner's rewording; plain English: “${correction}”.`,
        }),
      )
    }
  }
  // Overlapping rows ("national protection worries" and "national protection"): the longest wins.
  // Sorted by start, longest first: a row is inside an earlier one exactly when one reaches past its end.
  out.sort((a, b) => a.start - b.start || b.end - a.end)
  let reach = -1
  return out.filter((f) => {
    if (f.end <= reach) return false
    reach = f.end
    return true
  })
}

/** The category of the spinner row whose phrase is exactly `words` ("other" when no row is). */
export function spinnerCategory(words: string): Finding['category'] {
  for (const { p, re } of COMPILED) {
    re.lastIndex = 0
    const m = re.exec(words)
    if (m && m.index === 0 && m[0].length === words.length) return p.category ?? 'other'
  }
  return 'other'
}

/**
 * All checks of an article: source comparison against its sources, then the built-in checks, with
 * the source outranking a heuristic (where an attached source agrees with the article's words, the
 * built-in checks say nothing about them: if the wire says "Pang", "Pain" is not suggested for
 * it). Duplicates (same span, same correction) are reported once, by the most specific check.
 */
import { suggestionCategory } from './category'
import { insideRanges, mergeRanges } from '@/lib/text/ranges'
import { nameVariants, articleNames } from './names'
import { repeatedWords } from './repeated-words'
import { residue } from './residue'
import { spinner } from './spinner'
import { spelling } from './spelling'
import { compareWithSources, type MissingSentence } from './source-compare'
import { SUGGESTION_CHECKS, type Finding, type SourceText } from './types'

export type CheckResult = { findings: Finding[]; missing: MissingSentence[] }

/** The built-in checks that need no harper.js (synchronous, pure); the sources tell a name's spelling. */
export function builtInChecks(text: string, sources: SourceText[] = []): Finding[] {
  return [...nameVariants(text, sources), ...repeatedWords(text), ...residue(text), ...spinner(text)]
}

const RANK = new Map(SUGGESTION_CHECKS.map((c, i) => [c, i]))


/** `english: false`: the article is in another language; only the comparison with its sources runs. */
export async function runChecks(text: string, sources: SourceText[], options: { spelling?: boolean; english?: boolean } = {}): Promise<CheckResult> {
  const compared = compareWithSources(text, sources)
  const agreed = mergeRanges(compared.agreed)
  const english = options.english !== false
  const builtIn = english ? [...builtInChecks(text, sources), ...(options.spelling === false ? [] : await spelling(text, articleNames(text)))] : []
  const heard = builtIn.filter((f) => !insideRanges(agreed, f.start, f.end))
  const all = [...compared.findings, ...heard].sort((a, b) => a.start - b.start || a.end - b.end || RANK.get(a.check)! - RANK.get(b.check)!)
  const seen = new Set<string>()
  const findings = all
    .filter((f) => {
      const key = `${f.start}:${f.end}:${f.correction}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    // The category that fits what it corrects (a source difference in a name is a name fix).
    .map((f) => ({ ...f, category: suggestionCategory({ check: f.check, exact: text.slice(f.start, f.end), correction: f.correction, category: f.category }) }))
  return { findings, missing: compared.missing }
}

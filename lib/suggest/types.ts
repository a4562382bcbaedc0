/**
 * What every check returns. Pure data: offsets are UTF-16 indexes of the text the check was given
 * (lib/db converts them to code points of the stored body).
 */
import type { ERROR_CATEGORIES } from '@/lib/validation/vocabulary'

export const SUGGESTION_CHECKS = ['source', 'misquote', 'not-in-source', 'name', 'repeated-word', 'residue', 'spinner', 'spelling', 'grammar'] as const
export type SuggestionCheck = (typeof SUGGESTION_CHECKS)[number]

export type Finding = {
  check: SuggestionCheck
  start: number
  end: number
  /** The proposed text: "" deletes the span, null when there is nothing to put in its place. */
  correction: string | null
  /** Further corrections (the other spellings of a name, a checker's next guesses). */
  alternatives: string[]
  category: (typeof ERROR_CATEGORIES)[number]
  message: string
  /** The source whose wording this is (source comparison only). */
  sourceId: string | null
}

/** A source as the checks see it. */
export type SourceText = { id: string; kind: 'wire' | 'transcript' | 'release' | 'other'; title: string; body: string }

export function finding(f: Omit<Finding, 'alternatives' | 'sourceId'> & Partial<Pick<Finding, 'alternatives' | 'sourceId'>>): Finding {
  return { alternatives: [], sourceId: null, ...f }
}

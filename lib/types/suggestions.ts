/** Plain types of sources, suggestions and quote checks, shared by the API and the desk's components. */
import type { SuggestionCheck } from '@/lib/suggest/types'

export type SourceKind = 'wire' | 'transcript' | 'release' | 'other'

export type SourceSummary = {
  id: string
  articleId: string
  title: string
  kind: SourceKind
  url: string | null
  /** Length of the body in code points. */
  length: number
  createdBy: { id: string; name: string }
  createdAt: string
}
export type SourceDto = SourceSummary & { body: string }

export type SuggestionDto = {
  id: string
  check: SuggestionCheck
  /** Code points of the article's current revision. */
  start: number
  end: number
  exact: string
  correction: string | null
  alternatives: string[]
  category: string
  message: string
  sourceId: string | null
  status: 'open' | 'accepted' | 'dismissed'
  revision: number
  /** For a taken suggestion (listed under `taken`): the fix that says the same (accepted here, or made by hand). */
  takenBy?: string
  /** Who decided it and when (the dismissed list, and an undo's answer). */
  decidedBy?: { id: string; name: string } | null
  decidedAt?: string | null
}

/** A source sentence the article does not have (listed once, as information). */
export type MissingSentenceDto = { sourceId: string; start: number; end: number; text: string }

export type QuoteCheckDto = {
  start: number
  end: number
  exact: string
  status: 'verbatim' | 'altered' | 'not_found' | 'too_long'
  sourceId: string | null
  source: { start: number; end: number; exact: string } | null
  diff: Array<[number, string]>
  /** The quote annotation on these words, if any. */
  annotationId: string | null
}

export const CHECK_LABELS: Record<SuggestionCheck, string> = {
  source: 'Source',
  misquote: 'Misquote',
  'not-in-source': 'Not in source',
  name: 'Name variant',
  'repeated-word': 'Repeated word',
  residue: 'Scraped residue',
  spinner: 'Spinner phrase',
  spelling: 'Spelling',
  grammar: 'Grammar',
}

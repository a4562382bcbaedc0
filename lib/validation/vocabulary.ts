/**
 * The fixed vocabularies of articles and annotations. Free of zod so client components can import them
 * without shipping the validator (whose eval probe a strict CSP would report).
 */
export const ANNOTATION_KINDS = ['claim', 'quote', 'error'] as const
export const ERROR_CATEGORIES = ['name', 'fact', 'quote', 'spelling', 'grammar', 'other'] as const
export const VERDICTS = ['unverified', 'true', 'false', 'misleading', 'needs_context'] as const
export const REVIEW_DECISIONS = ['approve', 'reject'] as const
export const ARTICLE_STATUSES = ['checking', 'published', 'archived'] as const
/** An annotation's review state (only errors move past open). */
export const ANNOTATION_STATUSES = ['open', 'approved', 'rejected', 'applied'] as const
/**
 * Why a revision exists. The first three are what an editor may say when saving a text; the
 * others are written only by Galley itself (import and publishing), so a manual edit can never be
 * labelled as published fixes. Anything more goes in the revision's note.
 */
export const EDIT_REASONS = ['edited', 'wire update re-imported', 'previous text restored'] as const
export const REVISION_REASONS = ['imported', ...EDIT_REASONS, 'approved fixes published'] as const
export type RevisionReason = (typeof REVISION_REASONS)[number]

const VERDICT_LABELS: Record<(typeof VERDICTS)[number], string> = {
  unverified: 'Unverified',
  true: 'True',
  false: 'False',
  misleading: 'Misleading',
  needs_context: 'Needs context',
}

/** A verdict as readers see it: "needs_context" → "Needs context". */
export function verdictLabel(verdict: unknown): string {
  return VERDICT_LABELS[verdict as keyof typeof VERDICT_LABELS] ?? String(verdict ?? '')
}

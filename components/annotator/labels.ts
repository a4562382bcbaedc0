/**
 * What a highlight says in words: its kind, its state and, for an error, its correction. The same
 * text is the highlight's accessible label, its tooltip and the overview strip's announcement, so
 * a screen-reader user, a mouse user and a keyboard user are told the same thing.
 */
import type { PageAnnotation } from '@/lib/types/page-annotations'
import type { ReviewDto } from '@/lib/types/desk'
import { CHECK_LABELS, type SuggestionDto } from '@/lib/types/suggestions'
import { verdictLabel } from '@/lib/validation/vocabulary'
import { quote } from '@/lib/format/words'

export type Mark = PageAnnotation | (SuggestionDto & { kind: 'suggestion'; version: number })

const STATUS: Record<string, string> = { open: 'open', approved: 'approved', rejected: 'rejected', applied: 'published' }

/** Words in curly quotes, cut to `max` characters with an ellipsis; a quotation keeps its own marks (lib/format/words). */
export const quoted = (s: string, max = 80) => quote(s, max)

/**
 * A fix's review in words: "Rejected by Demo Reviewer: “The wire spells it Pain”". For a fix open
 * again (its words changed after the decision), the decision that no longer stands: "Earlier
 * rejected by …". Null when the fix has not been reviewed.
 */
export function reviewLine(a: Pick<PageAnnotation, 'kind' | 'status'>, review: ReviewDto | undefined): string | null {
  if (!review || a.kind !== 'error') return null
  const verb = review.decision === 'approve' ? 'approved' : 'rejected'
  const who = `${a.status === 'open' ? `Earlier ${verb}` : cap(verb)} by ${review.reviewerName}`
  if (review.comment.trim()) return `${who}: ${quote(review.comment.trim())}`
  return review.decision === 'reject' ? `${who} (no reason given)` : who
}

/** What a highlight says; for a reviewed fix, with the reviewer's decision and reason. */
export function markLabel(a: Mark, review?: ReviewDto): string {
  const line = a.kind === 'suggestion' ? null : reviewLine(a, review)
  const label = markLabelOnly(a)
  return line ? `${label}. ${line}` : label
}

function markLabelOnly(a: Mark): string {
  if (a.kind === 'suggestion') return `Suggestion (${CHECK_LABELS[a.check]}): ${a.message}`
  if (a.status === 'applied') return a.kind === 'error' ? `Corrected, published: was ${quoted(a.originalExact ?? '')}` : `${cap(a.kind)}, published`
  if (a.kind === 'error') return `Error, ${STATUS[a.status]}: ${quoted(a.exact)} should read ${a.correction === '' ? '(deleted)' : quoted(a.correction ?? '')}`
  if (a.kind === 'claim') return `Claim, ${STATUS[a.status]}: ${verdictLabel(a.verdict)}`
  return `Quote${a.speaker ? ` of ${a.speaker}` : ''}, ${a.verified ? 'verified' : 'not verified'}`
}

/** The short tag drawn after a highlight's last word (small type), so kind and state are never colour alone. */
export function markTag(a: PageAnnotation): string {
  if (a.status === 'applied') return 'corrected'
  if (a.kind === 'error') return a.status === 'open' ? 'error' : `error · ${STATUS[a.status]}`
  return a.kind
}

function cap(s: string) {
  return s[0].toUpperCase() + s.slice(1)
}

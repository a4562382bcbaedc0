import { z } from 'zod'
import { httpUrl } from './articles'
import { text } from './text'
import { int32, offset } from './numbers'
import { ANNOTATION_KINDS, ERROR_CATEGORIES, REVIEW_DECISIONS, VERDICTS } from './vocabulary'

export { ANNOTATION_KINDS, ERROR_CATEGORIES, REVIEW_DECISIONS, VERDICTS }

/** "needs context" (as the UI says it) and "needs_context" (as stored) are both accepted. */
const verdict = z.preprocess((v) => (v === 'needs context' ? 'needs_context' : v), z.enum(VERDICTS, { message: `must be one of ${VERDICTS.join(', ')}` }))

/** Fields an editor can set on any annotation; kind-specific ones are checked in refine below. */
export const annotationFields = {
  correction: text(10_000).nullable().optional(),
  category: z.enum(ERROR_CATEGORIES, { message: `must be one of ${ERROR_CATEGORIES.join(', ')}` }).nullable().optional(),
  note: text(10_000).nullable().optional(),
  verdict: verdict.nullable().optional(),
  speaker: text(300).nullable().optional(),
  verified: z.boolean({ message: 'must be true or false' }).nullable().optional(),
  sources: z.array(httpUrl, { message: 'must be a list of URLs' }).max(20, 'at most 20 sources').nullable().optional(),
  /** A claim checked before whose verdict and sources this one reuses (ClaimReview isBasedOn). */
  basedOn: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the id of a claim').nullable().optional(),
}

type KindFields = { kind?: string; correction?: string | null; verdict?: unknown; speaker?: unknown; verified?: unknown; category?: unknown; basedOn?: unknown }

/** Kind-specific rules shared by create and update: a list of problems, empty when fine. */
export function kindFieldIssues(v: KindFields, creating: boolean): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = []
  if (v.kind === 'error' && creating && (v.correction === undefined || v.correction === null)) {
    issues.push({ path: 'correction', message: 'is required for an error ("" deletes the text)' })
  }
  if (v.kind && v.kind !== 'error') {
    if (v.correction != null) issues.push({ path: 'correction', message: 'applies only to errors' })
    if (v.category != null) issues.push({ path: 'category', message: 'applies only to errors' })
  }
  if (v.kind && v.kind !== 'claim' && v.verdict != null) issues.push({ path: 'verdict', message: 'applies only to claims' })
  if (v.kind && v.kind !== 'claim' && v.basedOn != null) issues.push({ path: 'basedOn', message: 'applies only to claims' })
  if (v.kind && v.kind !== 'quote') {
    if (v.speaker != null) issues.push({ path: 'speaker', message: 'applies only to quotes' })
    if (v.verified != null) issues.push({ path: 'verified', message: 'applies only to quotes' })
  }
  return issues
}

export const createAnnotationSchema = z
  .object({
    kind: z.enum(ANNOTATION_KINDS, { message: `must be one of ${ANNOTATION_KINDS.join(', ')}` }),
    start: offset,
    end: offset,
    exact: text(1_000_000),
    /** The revision whose text the offsets were taken from: a newer one answers 409, not a guess. */
    revision: int32('must be the revision you annotated').optional(),
    ...annotationFields,
  })
  .superRefine((v, ctx) => {
    if (v.end <= v.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be greater than start' })
    for (const issue of kindFieldIssues(v, true)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message })
  })
export type CreateAnnotationInput = z.infer<typeof createAnnotationSchema>

export const updateAnnotationSchema = z
  .object({
    version: int32('is required (the version you read)'),
    start: offset.optional(),
    end: offset.optional(),
    exact: text(1_000_000).optional(),
    ...annotationFields,
  })
  .strict()
  .superRefine((v, ctx) => {
    const span = [v.start, v.end, v.exact].filter((x) => x !== undefined).length
    if (span !== 0 && span !== 3) ctx.addIssue({ code: 'custom', path: ['start'], message: 'start, end and exact change together' })
    if (v.start !== undefined && v.end !== undefined && v.end <= v.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be greater than start' })
  })
export type UpdateAnnotationInput = z.infer<typeof updateAnnotationSchema>

export const reviewSchema = z.object({
  decision: z.enum(REVIEW_DECISIONS, { message: 'must be "approve" or "reject"' }),
  comment: text(5_000).nullable().optional(),
  /** The version of the fix the reviewer read: a fix changed since then is refused (409). */
  version: int32('must be the version you read').optional(),
})
export type ReviewInput = z.infer<typeof reviewSchema>

/** POST /api/annotations/:id/review/undo: which of one's decisions to take back. */
export const reviewUndoSchema = z.object({ reviewId: z.string({ message: 'must be the id of the review to take back' }).uuid('must be the id of the review to take back') }).strict()


/**
 * A TextQuoteSelector's prefix or suffix from another tool: Galley and Hypothesis store 32
 * characters; more than this is refused (only the 64 nearest the quote are used to place it).
 */
export const MAX_SELECTOR_CONTEXT = 1_000

/**
 * An annotation imported from another tool (POST /api/articles/:id/annotations/import), as read
 * from its W3C or Hypothesis shape: the same field rules as POST /annotations, its selectors
 * bounded, its id an IRI of reasonable length.
 */
export const importedAnnotationSchema = z.object({
  externalId: text(2_048).nullable(),
  quote: z.object({
    exact: text(1_000_000).refine((v) => v.trim().length > 0, 'must not be empty'),
    prefix: text(MAX_SELECTOR_CONTEXT),
    suffix: text(MAX_SELECTOR_CONTEXT),
  }),
  correction: annotationFields.correction,
  category: annotationFields.category,
  note: annotationFields.note,
  verdict: annotationFields.verdict,
  speaker: annotationFields.speaker,
  verified: annotationFields.verified,
  sources: z.array(httpUrl, { message: 'must be a list of URLs' }).max(20, 'at most 20 sources'),
})

import { MAX_GROUP } from '@/lib/text/occurrences'
export { MAX_GROUP }

/**
 * POST /api/annotations/:id/occurrences — fix the other occurrences of a fix's words. `occurrences`
 * names the spans the person was shown (all of them must still be whole-word occurrences of the
 * words; omitted: every one the server finds); `revision` is the text they were counted in.
 */
export const occurrencesSchema = z
  .object({
    revision: int32('must be the revision you read').optional(),
    occurrences: z
      .array(z.object({ start: offset, end: offset }).strict().refine((o) => o.end > o.start, { message: 'end must be after start', path: ['end'] }))
      .max(MAX_GROUP, `must list at most ${MAX_GROUP} places`)
      .optional(),
  })
  .strict()
export type OccurrencesInput = z.infer<typeof occurrencesSchema>

/**
 * POST /api/fix-groups/:id/review — decide on every open fix of a group at once: each is its own
 * review (four-eyes, audited), all or none. `fixes` are the fixes the reviewer saw, with the version
 * each was read at; a fix of the group that is open and not listed makes it a 409.
 */
export const groupReviewSchema = z
  .object({
    decision: z.enum(REVIEW_DECISIONS, { message: 'must be "approve" or "reject"' }),
    comment: text(5_000).nullable().optional(),
    fixes: z
      .array(z.object({ id: z.string().uuid('must be a fix id'), version: int32('must be the version you read') }).strict())
      .min(1, 'must name the fixes you decide on')
      .max(MAX_GROUP, `must list at most ${MAX_GROUP} fixes`),
  })
  .strict()
export type GroupReviewInput = z.infer<typeof groupReviewSchema>

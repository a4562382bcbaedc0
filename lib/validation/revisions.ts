import { z } from 'zod'
import { int32, int32Param, offset } from './numbers'
import { noNul, text } from './text'
import { EDIT_REASONS } from './vocabulary'
import { STANDARDS_NOTE_MAX } from '@/lib/corrections/note'

const revision = int32('must be a revision number')
/** The version of an annotation the caller read (compare-and-set: a newer one answers 409). */
export const version = int32('must be the version you read')

/** One line of the editor's own words: no line breaks or other control characters. */
export const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(s), 'must be one line (no line breaks or control characters)')

export const reviseBodySchema = z
  .object({
    body: z
      .string({ message: 'is required' })
      .refine((b) => b.trim().length > 0, 'must not be empty')
      .refine(noNul, 'must not contain NUL bytes'),
    baseRevision: revision,
    reason: z.enum(EDIT_REASONS, { message: `must be one of ${EDIT_REASONS.map((r) => JSON.stringify(r)).join(', ')} (add your own words as note)` }).optional().default('edited'),
    note: oneLine(500).optional().default(''),
  })
  .strict()

/**
 * Publishing: the revision the publisher read, and a standards editor's own words for readers
 * (one line, STANDARDS_NOTE_MAX characters; blank is none), shown after the note's sentences.
 */
export const publishSchema = z
  .object({
    baseRevision: revision.optional(),
    standardsNote: oneLine(STANDARDS_NOTE_MAX).optional(),
    /** The fixes the publisher saw in the preview: any other set to publish is a 409 (nothing is published unseen). */
    fixes: z.array(z.string().uuid('must be fix ids')).max(100_000).optional(),
  })
  .strict()

export const reattachSchema = z
  .object({
    start: offset,
    end: offset,
    exact: text(1_000_000).refine((s) => s.length > 0, 'is required'),
    /** The version of the annotation the editor saw in the list of orphans. */
    version: version.optional(),
  })
  .strict()
  .refine((v) => v.end > v.start, { path: ['end'], message: 'must be greater than start' })

export const dismissSchema = z.object({ version: version.optional() }).strict()

/** Query of GET /api/articles/:id/diff. */
export const diffQuerySchema = z.object({ from: int32Param(), to: int32Param() })

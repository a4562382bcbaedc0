import { z } from 'zod'
import { httpUrl } from './articles'
import { requiredText, text } from './text'

export const SOURCE_KINDS = ['wire', 'transcript', 'release', 'other'] as const

/** A source's body: pasted or uploaded text, not empty (the request itself is capped at 5 MB). */
const sourceBody = z
  .string({ message: 'is required' })
  .refine((s) => s.trim().length > 0, 'is empty')
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL bytes')

export const createSourceSchema = z.object({
  title: requiredText(300),
  kind: z.enum(SOURCE_KINDS, { message: `must be one of ${SOURCE_KINDS.join(', ')}` }),
  body: sourceBody,
  url: z.union([httpUrl, z.literal(''), z.null()]).optional().transform((v) => v || null),
})
export type CreateSourceInput = z.infer<typeof createSourceSchema>

/** Accepting a suggestion may change its correction first ("" deletes the words). */
export const acceptSuggestionSchema = z.object({ correction: text(10_000).nullable().optional() })
export type AcceptSuggestionInput = z.infer<typeof acceptSuggestionSchema>

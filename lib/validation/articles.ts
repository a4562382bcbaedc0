import { canonicalLanguage } from '@/lib/text/direction'
import { z } from 'zod'
import { noNul, requiredText } from './text'
import { ARTICLE_STATUSES } from './vocabulary'

export { ARTICLE_STATUSES }

/**
 * An http(s) URL, stored as the WHATWG parser writes it (`new URL(v).href`): host lower-cased and
 * punycoded, spaces, quotes and `<`/`>` percent-encoded. The stored form is then safe to print
 * in Markdown's `<…>` and in an href, and two spellings of one address (HTTP://Example.COM) are
 * stored alike.
 */
export const httpUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine((v) => {
    try {
      const u = new URL(v)
      return u.protocol === 'http:' || u.protocol === 'https:'
    } catch {
      return false
    }
  }, 'must be an http(s) URL')
  .transform((v) => new URL(v).href)

/** A BCP 47 language tag ("en", "de-AT", "ar"), stored in its canonical case. */
const language = z
  .string({ message: 'must be a BCP 47 language tag such as en, de or ar' })
  .max(35, 'must be a BCP 47 language tag such as en, de or ar')
  .refine((v) => canonicalLanguage(v) !== null, 'must be a BCP 47 language tag such as en, de or ar')
  .transform((v) => canonicalLanguage(v)!)

export const createArticleSchema = z.object({
  title: requiredText(300),
  body: z
    .string({ message: 'is required' })
    .refine((b) => b.trim().length > 0, 'must not be empty')
    .refine(noNul, 'must not contain NUL bytes'),
  sourceUrl: z.union([httpUrl, z.literal(''), z.null()]).optional().transform((v) => v || null),
  language: language.optional(),
})
export type CreateArticleInput = z.infer<typeof createArticleSchema>


/** Title, source and desk status; the body changes only through revisions. */
export const updateArticleSchema = z
  .object({
    title: requiredText(300).optional(),
    sourceUrl: z.union([httpUrl, z.literal(''), z.null()]).optional().transform((v) => (v === undefined ? undefined : v || null)),
    status: z.enum(ARTICLE_STATUSES, { message: `must be one of ${ARTICLE_STATUSES.join(', ')}` }).optional(),
    language: language.optional(),
  })
  .strict()
  .refine((v) => v.title !== undefined || v.sourceUrl !== undefined || v.status !== undefined || v.language !== undefined, { message: 'send at least one of title, sourceUrl, status, language' })
export type UpdateArticleInput = z.infer<typeof updateArticleSchema>

export const articleIdSchema = z.string().uuid()

// Revisions, publishing and re-attaching: lib/validation/revisions.ts.

import { z } from 'zod'

/** PostgreSQL text cannot hold NUL; everything else in Unicode is fine. */
const noNul = (s: string) => !s.includes('\u0000')

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

export const createArticleSchema = z.object({
  title: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters').refine(noNul, 'must not contain NUL bytes'),
  body: z
    .string({ message: 'is required' })
    .refine((b) => b.trim().length > 0, 'must not be empty')
    .refine(noNul, 'must not contain NUL bytes'),
  sourceUrl: z.union([httpUrl, z.literal(''), z.null()]).optional().transform((v) => v || null),
})
export type CreateArticleInput = z.infer<typeof createArticleSchema>

export const articleIdSchema = z.string().uuid()

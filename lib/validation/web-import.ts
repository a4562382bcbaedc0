import { z } from 'zod'

/** POST /api/articles/import: a page to fetch ({url}), or one already saved ({html, url?}). */
export const webImportSchema = z.union([
  z.object({ url: z.string().trim().min(1, 'is required').max(2000, 'is too long'), title: z.string().trim().max(300).optional() }).strict(),
  z
    .object({
      html: z.string().min(1, 'is required'),
      url: z.string().trim().max(2000).optional(),
      title: z.string().trim().max(300).optional(),
    })
    .strict(),
])

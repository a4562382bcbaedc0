import { z } from 'zod'
import { httpUrl } from './articles'
import { noNul } from './text'

/** A title given instead of the page's own: trimmed, up to 300 characters, no NUL. */
const title = z.string().trim().max(300, 'must be at most 300 characters').refine(noNul, 'must not contain NUL bytes').optional()
/** A page to fetch: checked by the fetch itself, which says why it will not fetch it (scheme, address …). */
const pageUrl = z.string().trim().min(1, 'is required').max(2048, 'must be at most 2048 characters').refine(noNul, 'must not contain NUL bytes')

const fromWeb = z.object({ url: pageUrl, title }).strict()
const savedPage = z.object({ html: z.string().min(1, 'is required').refine(noNul, 'must not contain NUL bytes'), url: httpUrl.optional(), title }).strict()

/**
 * POST /api/articles/import: a page to fetch ({url}), or one already saved ({html, url?}). The
 * URL is stored as the article form stores it (http(s), normalised): a saved page's URL is held
 * to httpUrl; a page to fetch is http(s) once fetched. Which shape is meant is told by `html`, so
 * a 422 names the field at fault, not the body.
 */
export const webImportSchema = z.unknown().transform((value, ctx): z.infer<typeof fromWeb> | z.infer<typeof savedPage> => {
  const schema = value && typeof value === 'object' && 'html' in value ? savedPage : fromWeb
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
  return z.NEVER
})

import { z } from 'zod'
import { apiRoute, json, readJson, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { createArticle, listArticles } from '@/lib/db/articles'
import { createArticleSchema } from '@/lib/validation/articles'

export const runtime = 'nodejs'

const listQuery = z.object({ deleted: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional() })

// GET /api/articles[?deleted=1] — every article, newest first, with annotation counts (deleted=1:
// the deleted ones, for an admin to restore).
export const GET = apiRoute(async (req) => {
  const actor = await requireUser()
  const { deleted } = readQuery(req, listQuery)
  return json({ articles: await listArticles({ actor, deleted: deleted === '1' }) })
})

// POST /api/articles — import an article {title, body, sourceUrl?}; the body is kept byte for byte.
export const POST = apiRoute(async (req) => {
  const actor = await requireUser()
  const input = await readJson(req, createArticleSchema)
  return json(await createArticle({ input, actor }), { status: 201 })
})

import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { createArticle, listArticles } from '@/lib/db/articles'
import { createArticleSchema } from '@/lib/validation/articles'

export const runtime = 'nodejs'

// GET /api/articles — every article, newest first, with annotation counts.
export const GET = apiRoute(async () => {
  const actor = await requireUser()
  return json({ articles: await listArticles({ actor }) })
})

// POST /api/articles — import an article {title, body, sourceUrl?}; the body is kept byte for byte.
export const POST = apiRoute(async (req) => {
  const actor = await requireUser()
  const input = await readJson(req, createArticleSchema)
  return json(await createArticle({ input, actor }), { status: 201 })
})

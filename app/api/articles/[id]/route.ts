import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { getArticle, updateArticle } from '@/lib/db/articles'
import { updateArticleSchema } from '@/lib/validation/articles'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id — the article with its body exactly as imported.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await getArticle({ id: (await params).id, actor }))
})

// PATCH /api/articles/:id — title, sourceUrl and status (checking | published | archived).
export const PATCH = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const { id } = await params
  const input = await readJson(req, updateArticleSchema)
  return json(await updateArticle({ id, input, actor }))
})

import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { deleteArticle, getArticle, updateArticle } from '@/lib/db/articles'
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

// DELETE /api/articles/:id — delete an article (admin): hidden everywhere, kept, restorable.
export const DELETE = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  await deleteArticle({ id: (await params).id, actor })
  return new Response(null, { status: 204 })
})

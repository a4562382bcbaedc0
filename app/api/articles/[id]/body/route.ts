import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { reviseArticle } from '@/lib/db/revisions'
import { reviseBodySchema } from '@/lib/validation/revisions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// PUT /api/articles/:id/body — a new revision {body, baseRevision, reason?, note?}; annotations re-anchored.
export const PUT = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readJson(req, reviseBodySchema)
  return json(await reviseArticle({ articleId: (await params).id, ...input, actor }))
})

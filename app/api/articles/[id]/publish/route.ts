import { apiRoute, json, readOptionalJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { previewPublication, publishFixes } from '@/lib/db/revisions'
import { publishSchema } from '@/lib/validation/revisions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/publish — what publishing now would do: the fixes, the note readers get (and why a fix is left out of it), old spellings left.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await previewPublication({ articleId: (await params).id, actor }))
})

// POST /api/articles/:id/publish {baseRevision?, standardsNote?} — a revision with the approved fixes applied.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readOptionalJson(req, publishSchema)
  return json(await publishFixes({ articleId: (await params).id, ...input, actor }))
})

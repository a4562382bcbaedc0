import { apiRoute, json, readOptionalJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { publishFixes } from '@/lib/db/revisions'
import { publishSchema } from '@/lib/validation/revisions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/articles/:id/publish {baseRevision?} — a revision with the approved fixes applied.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readOptionalJson(req, publishSchema)
  return json(await publishFixes({ articleId: (await params).id, ...input, actor }))
})

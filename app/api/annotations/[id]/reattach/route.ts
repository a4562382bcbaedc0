import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { reattachAnnotation } from '@/lib/db/revisions'
import { reattachSchema } from '@/lib/validation/revisions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/annotations/:id/reattach {start, end, exact, version?} — put an orphaned annotation on new text.
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readJson(req, reattachSchema)
  return json(await reattachAnnotation({ id: (await params).id, ...input, actor }))
})

import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { diffRevisions } from '@/lib/db/revisions'
import { diffQuerySchema } from '@/lib/validation/revisions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/articles/:id/diff?from=1&to=2 — [op, text] pairs: -1 deleted, 0 unchanged, 1 inserted.
export const GET = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const q = readQuery(req, diffQuerySchema)
  return json({ ...q, diff: await diffRevisions({ articleId: (await params).id, ...q, actor }) })
})

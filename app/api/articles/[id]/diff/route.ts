import { z } from 'zod'
import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { diffRevisions } from '@/lib/db/revisions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }
const query = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })

// GET /api/articles/:id/diff?from=1&to=2 — [op, text] pairs: -1 deleted, 0 unchanged, 1 inserted.
export const GET = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const q = readQuery(req, query)
  return json({ ...q, diff: await diffRevisions({ articleId: (await params).id, ...q, actor }) })
})

import { apiRoute, readOptionalJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { dismissOrphan } from '@/lib/db/revisions'
import { dismissSchema } from '@/lib/validation/revisions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/annotations/:id/dismiss {version?} — give up on an orphaned annotation (kept, hidden).
export const POST = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const input = await readOptionalJson(req, dismissSchema)
  await dismissOrphan({ id: (await params).id, ...input, actor })
  return new Response(null, { status: 204 })
})

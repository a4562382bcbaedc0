import { apiRoute } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { dismissOrphan } from '@/lib/db/revisions'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/annotations/:id/dismiss — give up on an orphaned annotation (kept, hidden).
export const POST = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  await dismissOrphan({ id: (await params).id, actor })
  return new Response(null, { status: 204 })
})

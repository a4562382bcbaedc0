import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { setThreadResolved } from '@/lib/db/comments'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/comments/:id/reopen — reopen a resolved thread.
export const POST = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await setThreadResolved({ commentId: (await params).id, resolved: false, actor }))
})

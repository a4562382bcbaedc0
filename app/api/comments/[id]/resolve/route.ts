import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { setThreadResolved } from '@/lib/db/comments'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/comments/:id/resolve — mark a thread resolved.
export const POST = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await setThreadResolved({ commentId: (await params).id, resolved: true, actor }))
})

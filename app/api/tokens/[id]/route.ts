import { apiRoute } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { revokeToken } from '@/lib/db/tokens'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// DELETE /api/tokens/:id — revoke a token; it stops working at once.
export const DELETE = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  await revokeToken({ id: (await params).id, actor })
  return new Response(null, { status: 204 })
})

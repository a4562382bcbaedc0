import { apiRoute } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { deleteWebhook } from '@/lib/db/webhooks'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// DELETE /api/webhooks/:id — stop sending to it (admin); pending deliveries are given up.
export const DELETE = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requirePermission('users.manage')
  await deleteWebhook({ id: (await params).id, actor })
  return new Response(null, { status: 204 })
})

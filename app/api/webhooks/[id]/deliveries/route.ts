import { apiRoute, json } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { listDeliveries } from '@/lib/db/webhooks'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/webhooks/:id/deliveries — the latest 100 deliveries with every attempt (admin).
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requirePermission('users.manage')
  return json({ deliveries: await listDeliveries({ webhookId: (await params).id, actor }) })
})

import { apiRoute, json } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { getDelivery } from '@/lib/db/webhooks'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/webhook-deliveries/:id — one delivery with its attempts (admin), by the id a receiver
// logged from X-Galley-Delivery.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requirePermission('users.manage')
  return json(await getDelivery({ id: (await params).id, actor }))
})

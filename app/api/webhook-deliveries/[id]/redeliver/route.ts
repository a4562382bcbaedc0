import { apiRoute, json } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { redeliver } from '@/lib/db/webhooks'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// POST /api/webhook-deliveries/:id/redeliver — send it again now, same id and body (admin).
export const POST = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requirePermission('users.manage')
  return json(await redeliver({ id: (await params).id, actor }))
})

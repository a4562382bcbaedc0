import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { createWebhook, listWebhooks } from '@/lib/db/webhooks'
import { createWebhookSchema } from '@/lib/validation/webhooks'

export const runtime = 'nodejs'

// GET /api/webhooks — registered webhooks (admin), never their secrets.
export const GET = apiRoute(async () => {
  const actor = await requirePermission('users.manage')
  return json({ webhooks: await listWebhooks({ actor }) })
})

// POST /api/webhooks {url, events, secret?} — register one (admin); the secret is shown once.
export const POST = apiRoute(async (req) => {
  const actor = await requirePermission('users.manage')
  const input = await readJson(req, createWebhookSchema)
  return json(await createWebhook({ input, actor }), { status: 201 })
})

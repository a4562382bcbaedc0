import { apiRoute, json } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { deleteSource, getSource } from '@/lib/db/sources'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// GET /api/sources/:id — one source with its body.
export const GET = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  return json(await getSource({ id: (await params).id, actor }))
})

// DELETE /api/sources/:id — stop comparing with this source (kept for the audit trail).
export const DELETE = apiRoute(async (_req, { params }: Ctx) => {
  const actor = await requireUser()
  await deleteSource({ id: (await params).id, actor })
  return new Response(null, { status: 204 })
})

import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { createToken, listTokens } from '@/lib/db/tokens'
import { createTokenSchema } from '@/lib/validation/misc'

export const runtime = 'nodejs'

// GET /api/tokens — the caller's API tokens (never the secrets), with last-used times.
export const GET = apiRoute(async () => {
  const actor = await requireUser()
  return json({ tokens: await listTokens({ actor }) })
})

// POST /api/tokens {name} — a new token, shown once: {id, name, token}.
export const POST = apiRoute(async (req) => {
  const actor = await requireUser()
  const { name } = await readJson(req, createTokenSchema)
  return json(await createToken({ name, actor }), { status: 201 })
})

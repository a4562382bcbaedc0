import { z } from 'zod'
import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { createToken, listTokens } from '@/lib/db/tokens'

export const runtime = 'nodejs'
const createSchema = z.object({ name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters').refine((s) => !s.includes('\u0000'), 'must not contain NUL bytes') })

// GET /api/tokens — the caller's API tokens (never the secrets), with last-used times.
export const GET = apiRoute(async () => {
  const actor = await requireUser()
  return json({ tokens: await listTokens({ actor }) })
})

// POST /api/tokens {name} — a new token, shown once: {id, name, token}.
export const POST = apiRoute(async (req) => {
  const actor = await requireUser()
  const { name } = await readJson(req, createSchema)
  return json(await createToken({ name, actor }), { status: 201 })
})

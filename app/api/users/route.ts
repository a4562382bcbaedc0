import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { createUser, listUsers } from '@/lib/db/users'
import { assertPerson } from '@/lib/db/authorize'
import { createUserSchema } from '@/lib/validation/users'

export const runtime = 'nodejs'

// GET /api/users — every user (admin).
export const GET = apiRoute(async () => {
  const actor = await requirePermission('users.manage')
  return json({ users: await listUsers({ actor }) })
})

// POST /api/users {email, name, role, password?} — add a user (admin); a generated password is returned once.
export const POST = apiRoute(async (req) => {
  const actor = await requirePermission('users.manage')
  assertPerson(actor, 'create users') // a generated password would outlive the token
  const input = await readJson(req, createUserSchema)
  const { user, password } = await createUser({ ...input, actorId: actor.id })
  return json({ ...user, ...(input.password ? {} : { password }) }, { status: 201 })
})

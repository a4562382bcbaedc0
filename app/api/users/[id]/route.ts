import { apiRoute, json, readJson } from '@/lib/api/handler'
import { requirePermission } from '@/lib/auth/session'
import { assertId } from '@/lib/db/authorize'
import { updateUserById } from '@/lib/db/users'
import { updateUserSchema } from '@/lib/validation/users'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

// PATCH /api/users/:id {role?, active?} — change a role or (de)activate (admin); applies at once.
export const PATCH = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requirePermission('users.manage')
  const { id } = await params
  assertId(id, 'user')
  const input = await readJson(req, updateUserSchema)
  return json(await updateUserById({ id, ...input, actor }))
})

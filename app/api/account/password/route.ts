import { apiRoute, readJson } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { changeOwnPassword } from '@/lib/db/users'
import { changePasswordSchema } from '@/lib/validation/users'

export const runtime = 'nodejs'

// POST /api/account/password {currentPassword, newPassword} — change your own password.
export const POST = apiRoute(async (req) => {
  const actor = await requireUser()
  const input = await readJson(req, changePasswordSchema)
  await changeOwnPassword({ actor, ...input })
  return new Response(null, { status: 204 })
})

import 'server-only'
import { AppError } from '@/lib/errors'
import { getActiveUser, type UserSummary } from '@/lib/db/users'
import { auth } from './config'
import { can, type Permission } from './permissions'

/** The signed-in, still active user, or null. Re-reads the user so deactivation applies at once. */
export async function getSessionUser(): Promise<UserSummary | null> {
  const session = await auth()
  const id = session?.user?.id
  if (!id) return null
  return getActiveUser({ id })
}

/** The signed-in user, or a 401 AppError. */
export async function requireUser(): Promise<UserSummary> {
  const user = await getSessionUser()
  if (!user) throw new AppError('unauthorized', 'Sign in to use Galley.')
  return user
}

/** The signed-in user holding `permission`, or a 401/403 AppError. */
export async function requirePermission(permission: Permission): Promise<UserSummary> {
  const user = await requireUser()
  if (!can(user.role, permission)) {
    throw new AppError('forbidden', `Your role (${user.role}) does not allow ${permission}.`)
  }
  return user
}

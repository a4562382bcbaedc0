import 'server-only'
import { AppError } from '@/lib/errors'
import type { Role } from '@/lib/auth/permissions'
import { generatePassword, hashPassword, verifyPassword } from '@/lib/auth/password'
import { db } from './client'
import { recordAudit } from './audit'

/** A user as the rest of the app sees it: never the password hash. */
export type UserSummary = { id: string; email: string; name: string; role: Role; active: boolean }

const SUMMARY = { id: true, email: true, name: true, role: true, active: true } as const

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * Check an email and password. Returns the user, or null for an unknown email, a wrong password
 * or a deactivated account (the caller shows one message for all three).
 */
export async function verifyCredentials({
  email,
  password,
}: {
  email: string
  password: string
}): Promise<UserSummary | null> {
  const user = await db().user.findUnique({ where: { email: normaliseEmail(email) } })
  if (!user || !user.active) return null
  if (!(await verifyPassword(user.passwordHash, password))) return null
  return { id: user.id, email: user.email, name: user.name, role: user.role, active: user.active }
}

/** The current state of a signed-in user, re-read on every request so role changes and deactivation apply at once. */
export async function getActiveUser({ id }: { id: string }): Promise<UserSummary | null> {
  const user = await db().user.findUnique({ where: { id }, select: SUMMARY })
  return user && user.active ? user : null
}

export async function countUsers(): Promise<number> {
  return db().user.count()
}

/** Create a user; returns the password too when one was generated. */
export async function createUser({
  email,
  name,
  role,
  password,
  actorId = null,
}: {
  email: string
  name: string
  role: Role
  password?: string
  actorId?: string | null
}): Promise<{ user: UserSummary; password: string }> {
  const plain = password ?? generatePassword()
  const passwordHash = await hashPassword(plain)
  const normalised = normaliseEmail(email)
  return db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: normalised }, select: { id: true } })
    if (existing) throw new AppError('conflict', `A user with the email ${normalised} already exists.`)
    const user = await tx.user.create({ data: { email: normalised, name, role, passwordHash }, select: SUMMARY })
    await recordAudit(tx, { actorId, action: 'user.create', entityType: 'User', entityId: user.id, after: user })
    return { user, password: plain }
  })
}

async function updateUser(
  email: string,
  action: string,
  data: { role?: Role; active?: boolean },
  actorId: string | null,
): Promise<UserSummary> {
  const normalised = normaliseEmail(email)
  return db().$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { email: normalised }, select: SUMMARY })
    if (!before) throw new AppError('not_found', `No user with the email ${normalised}.`)
    const after = await tx.user.update({ where: { id: before.id }, data, select: SUMMARY })
    await recordAudit(tx, { actorId, action, entityType: 'User', entityId: after.id, before, after })
    return after
  })
}

export function setUserRole({ email, role, actorId = null }: { email: string; role: Role; actorId?: string | null }) {
  return updateUser(email, 'user.role', { role }, actorId)
}

export function deactivateUser({ email, actorId = null }: { email: string; actorId?: string | null }) {
  return updateUser(email, 'user.deactivate', { active: false }, actorId)
}

/** Every user, for the admin page (never the hashes). */
export async function listUsers({ actor }: { actor: { role: Role } }): Promise<UserSummary[]> {
  if (actor.role !== 'admin') throw new AppError('forbidden', `Your role (${actor.role}) does not allow users.manage.`)
  return db().user.findMany({ select: SUMMARY, orderBy: [{ active: 'desc' }, { email: 'asc' }] })
}

/** Change a user's role or active flag by id (admin). An admin cannot lock themselves out. */
export async function updateUserById({ id, role, active, actor }: { id: string; role?: Role; active?: boolean; actor: { id: string; role: Role } }): Promise<UserSummary> {
  if (actor.role !== 'admin') throw new AppError('forbidden', `Your role (${actor.role}) does not allow users.manage.`)
  if (id === actor.id && (active === false || (role && role !== 'admin'))) {
    throw new AppError('conflict', 'You cannot demote or deactivate yourself; ask another admin.')
  }
  return db().$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: SUMMARY })
    if (!before) throw new AppError('not_found', `No user with the id ${id}.`)
    const after = await tx.user.update({ where: { id }, data: { ...(role ? { role } : {}), ...(active !== undefined ? { active } : {}) }, select: SUMMARY })
    const action = role && role !== before.role ? 'user.role' : active === false ? 'user.deactivate' : active === true ? 'user.reactivate' : 'user.update'
    await recordAudit(tx, { actorId: actor.id, action, entityType: 'User', entityId: id, before, after })
    return after
  })
}

/** A user changes their own password, proving the current one. */
export async function changeOwnPassword({ userId, currentPassword, newPassword }: { userId: string; currentPassword: string; newPassword: string }): Promise<void> {
  const user = await db().user.findUnique({ where: { id: userId } })
  if (!user || !user.active) throw new AppError('unauthorized', 'Sign in to use Galley.')
  if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new AppError('validation_failed', 'The current password is wrong.')
  const passwordHash = await hashPassword(newPassword)
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } })
    await recordAudit(tx, { actorId: userId, action: 'user.password', entityType: 'User', entityId: userId })
  })
}

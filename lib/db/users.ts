import 'server-only'
import { AppError, fieldsError } from '@/lib/errors'
import type { Role } from '@/lib/auth/permissions'
import { generatePassword, hashPassword, verifyPassword } from '@/lib/auth/password'
import { db } from './client'
import { recordAudit } from './audit'
import { assertCan, type Actor } from './authorize'

/** A user as the rest of the app sees it: never the password hash. */
export type UserSummary = { id: string; email: string; name: string; role: Role; active: boolean }

/** The columns of a UserSummary. */
export const SUMMARY = { id: true, email: true, name: true, role: true, active: true } as const

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

/**
 * Change a user's role or active flag, found by email (the CLI) or by id (the admin page), with
 * its audit event in the same transaction.
 */
async function changeUser(where: { email: string } | { id: string }, data: { role?: Role; active?: boolean }, actorId: string | null): Promise<UserSummary> {
  return db().$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where, select: SUMMARY })
    if (!before) throw new AppError('not_found', `No user with the ${'email' in where ? `email ${where.email}` : `id ${where.id}`}.`)
    const after = await tx.user.update({ where: { id: before.id }, data, select: SUMMARY })
    const action =
      data.role !== undefined && data.role !== before.role ? 'user.role' : data.active === false ? 'user.deactivate' : data.active === true ? 'user.reactivate' : 'user.update'
    await recordAudit(tx, { actorId, action, entityType: 'User', entityId: after.id, before, after })
    return after
  })
}

export function setUserRole({ email, role, actorId = null }: { email: string; role: Role; actorId?: string | null }) {
  return changeUser({ email: normaliseEmail(email) }, { role }, actorId)
}

export function deactivateUser({ email, actorId = null }: { email: string; actorId?: string | null }) {
  return changeUser({ email: normaliseEmail(email) }, { active: false }, actorId)
}

/** Every user, for the admin page (never the hashes). */
export async function listUsers({ actor }: { actor: Actor }): Promise<UserSummary[]> {
  assertCan(actor, 'users.manage')
  return db().user.findMany({ select: SUMMARY, orderBy: [{ active: 'desc' }, { email: 'asc' }] })
}

/** Change a user's role or active flag by id (admin). An admin cannot lock themselves out. */
export async function updateUserById({ id, role, active, actor }: { id: string; role?: Role; active?: boolean; actor: Actor }): Promise<UserSummary> {
  assertCan(actor, 'users.manage')
  if (id === actor.id && (active === false || (role && role !== 'admin'))) {
    throw new AppError('conflict', 'You cannot demote or deactivate yourself; ask another admin.')
  }
  return changeUser({ id }, { ...(role ? { role } : {}), ...(active !== undefined ? { active } : {}) }, actor.id)
}

/** A user changes their own password, proving the current one. */
export async function changeOwnPassword({ userId, currentPassword, newPassword }: { userId: string; currentPassword: string; newPassword: string }): Promise<void> {
  const user = await db().user.findUnique({ where: { id: userId } })
  if (!user || !user.active) throw new AppError('unauthorized', 'Sign in to use Galley.')
  if (!(await verifyPassword(user.passwordHash, currentPassword))) throw fieldsError([{ path: 'currentPassword', message: 'is wrong' }], 'The current password is wrong.')
  const passwordHash = await hashPassword(newPassword)
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } })
    await recordAudit(tx, { actorId: userId, action: 'user.password', entityType: 'User', entityId: userId })
  })
}

import 'server-only'
import { AppError, fieldsError } from '@/lib/errors'
import type { Role } from '@/lib/auth/permissions'
import { generatePassword, hashPassword, verifyPassword } from '@/lib/auth/password'
import { db } from './client'
import { recordAudit } from './audit'
import { assertCan, assertPerson, type Actor } from './authorize'
import { settleAttempt, takeAttempt } from './throttle'
import { revokeOtherSessions } from './sessions'
import { waitPhrase } from './sign-in'

/** A user as the rest of the app sees it: never the password hash. */
import type { UserSummary } from '@/lib/types/desk'
export type { UserSummary }

/** How a request is authenticated: a browser session, or an API token (by id). */
export type Credential = { kind: 'session' | 'token'; id: string }

/** The columns of a UserSummary. */
export const SUMMARY = { id: true, email: true, name: true, role: true, active: true } as const

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

let dummyHash: Promise<string> | null = null
/**
 * A hash of a random password with the same parameters as real ones: checking a password against
 * it costs what checking a real one costs, so an unknown or deactivated account answers no faster
 * than a known one, and timing does not tell which accounts exist.
 */
function hashForUnknownAccounts(): Promise<string> {
  dummyHash ??= hashPassword(generatePassword())
  return dummyHash
}

/**
 * Check an email and password. Returns the user, or null for an unknown email, a wrong password
 * or a deactivated account (the caller shows one message for all three). The same work is done
 * in every case: one user lookup and one argon2id verification.
 */
export async function verifyCredentials({
  email,
  password,
}: {
  email: string
  password: string
}): Promise<(UserSummary & { sessionEpoch: number; ssoLinked: boolean }) | null> {
  const user = await db().user.findUnique({ where: { email: normaliseEmail(email) } })
  const ok = await verifyPassword(user?.passwordHash ?? (await hashForUnknownAccounts()), password)
  if (!user || !user.active || !ok) return null
  return { id: user.id, email: user.email, name: user.name, role: user.role, active: user.active, sessionEpoch: user.sessionEpoch, ssoLinked: user.ssoIssuer !== null }
}

/** Whether an account exists for this email (for how a failed sign-in is logged, after the check). */
export async function emailIsRegistered(email: string): Promise<boolean> {
  return (await db().user.count({ where: { email: normaliseEmail(email) } })) > 0
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
  assertPerson(actor, 'change users')
  if (id === actor.id && (active === false || (role && role !== 'admin'))) {
    throw new AppError('conflict', 'You cannot demote or deactivate yourself; ask another admin.')
  }
  return changeUser({ id }, { ...(role ? { role } : {}), ...(active !== undefined ? { active } : {}) }, actor.id)
}

/** Wrong current passwords on the password-change route before it answers 429 for a while. */
export const MAX_WRONG_CURRENT_PASSWORDS = 5
const PASSWORD_WINDOW_MS = 15 * 60_000

/**
 * A user changes their own password, proving the current one. Wrong current passwords are
 * throttled (429 after five in 15 minutes, counted atomically) and audited. Success ends every
 * other session of the user and revokes their API tokens, at once; the session making the change
 * stays signed in. Not through an API token: a token may not change the credentials it stands for.
 */
export async function changeOwnPassword({ actor, currentPassword, newPassword }: { actor: Actor; currentPassword: string; newPassword: string }): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  assertPerson(actor, 'change a password')
  const userId = actor.id
  const user = await db().user.findUnique({ where: { id: userId } })
  if (!user || !user.active) throw new AppError('unauthorized', 'Sign in to use Galley.')
  const rule = { key: `password-change:${userId}`, limit: MAX_WRONG_CURRENT_PASSWORDS, windowMs: PASSWORD_WINDOW_MS }
  const attempt = await takeAttempt([rule])
  if (!attempt.allowed) {
    throw new AppError('rate_limited', `Too many wrong current passwords. Try again in ${waitPhrase(attempt.retryAfterMs)}.`, { retryAfterSeconds: Math.ceil(attempt.retryAfterMs / 1000) })
  }
  let right: boolean
  try {
    right = await verifyPassword(user.passwordHash, currentPassword)
  } catch (err) {
    await settleAttempt([rule], { failed: false })
    throw err
  }
  if (!right) {
    const [failures] = await settleAttempt([rule], { failed: true })
    await recordAudit(db(), { actorId: userId, action: 'user.password_wrong', entityType: 'User', entityId: userId, after: { failures, of: MAX_WRONG_CURRENT_PASSWORDS } })
    throw fieldsError([{ path: 'currentPassword', message: 'is wrong' }], 'The current password is wrong.')
  }
  await settleAttempt([rule], { failed: false, forget: [rule.key] })
  const passwordHash = await hashPassword(newPassword)
  return db().$transaction(async (tx) => {
    // Compare-and-set on the hash that was checked: of two changes racing with the same current
    // password, one wins and the other is refused (its "current password" is no longer current).
    // A new epoch: any session opened under the old password — even one whose sign-in is still
    // finishing right now — no longer counts. The session making the change moves to the new one.
    const { count } = await tx.user.updateMany({ where: { id: userId, active: true, passwordHash: user.passwordHash }, data: { passwordHash, sessionEpoch: { increment: 1 } } })
    if (count === 0) throw new AppError('conflict', 'Your password was changed (or the account deactivated) while this change was being made; sign in again with the current password.')
    const { sessionEpoch } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionEpoch: true } })
    const keep = actor.via?.kind === 'session' ? actor.via.id : undefined
    if (keep) await tx.userSession.updateMany({ where: { id: keep, userId, revokedAt: null }, data: { epoch: sessionEpoch } })
    const sessionsEnded = await revokeOtherSessions(tx, { userId, keep })
    const { count: tokensRevoked } = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } })
    await recordAudit(tx, { actorId: userId, action: 'user.password', entityType: 'User', entityId: userId, after: { sessionsEnded, tokensRevoked } })
    return { sessionsEnded, tokensRevoked }
  })
}

import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import { db } from './client'
import type { UserSummary } from './users'
import { actingUserSql } from './credentials'
import { recordAudit } from './audit'

/** Sessions last a working day, as the session cookie does. */
export const SESSION_HOURS = 12

/**
 * Open a session for a user who just signed in; its id goes into the session cookie. `epoch` is
 * the user's sessionEpoch read with the password hash that was checked: a password change in
 * between makes the session dead on arrival.
 */
export async function createSession({ userId, epoch }: { userId: string; epoch: number }): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000)
  return db().userSession.create({ data: { userId, expiresAt, epoch }, select: { id: true, expiresAt: true } })
}

/**
 * End one session (sign-out): its cookie stops working at once, on every app instance, and the
 * audit line it leaves tells every instance's live hub to close that session's open streams.
 */
export async function revokeSession({ id }: { id: string }): Promise<void> {
  await db().$transaction(async (tx) => {
    const ended = await tx.$queryRaw<Array<{ userId: string }>>`
      UPDATE "UserSession" SET "revokedAt" = now() WHERE id = ${id}::uuid AND "revokedAt" IS NULL RETURNING "userId"`
    if (ended[0]) await recordAudit(tx, { actorId: ended[0].userId, action: 'user.sign_out', entityType: 'User', entityId: ended[0].userId })
  })
}

/** End every session of a user but `keep` (the one changing the password, say). */
export async function revokeOtherSessions(tx: Prisma.TransactionClient, { userId, keep }: { userId: string; keep?: string }): Promise<number> {
  const { count } = await tx.userSession.updateMany({ where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) }, data: { revokedAt: new Date() } })
  return count
}

/**
 * The active user behind a live session, or null (the rules are actingUserSql's: not revoked,
 * not expired, opened under the user's current password, the user active). One query per request.
 */
export async function getSessionOwner({ sessionId, userId }: { sessionId: string; userId: string }): Promise<UserSummary | null> {
  const rows = await db().$queryRaw<Array<UserSummary & { tokenId: null }>>`${actingUserSql({ kind: 'session', sessionId, userId })}`
  if (!rows[0]) return null
  const { tokenId: _none, ...user } = rows[0]
  return user
}

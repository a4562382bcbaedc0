import 'server-only'
import crypto from 'node:crypto'
import { AppError } from '@/lib/errors'
import { db } from './client'
import { recordAudit } from './audit'
import { assertCan, assertId, assertPerson, type Actor } from './authorize'
import { SUMMARY, type Credential, type UserSummary } from './users'

const TOKEN_PREFIX = 'gly_'
/** Record a token's use (last-used time and an audit event) at most this often. */
const USE_RECORD_INTERVAL_MS = 60_000

export type TokenDto = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null }

/** Tokens are 256 random bits, so a plain SHA-256 is a safe, fast way to store them. */
function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

const toDto = (t: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null }): TokenDto => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
})

/**
 * Create a token for the actor; the token itself is returned only here, once. Only a signed-in
 * person may: a token cannot mint tokens, which would outlive its own revocation.
 */
export async function createToken({ name, actor }: { name: string; actor: Actor }): Promise<TokenDto & { token: string }> {
  assertCan(actor, 'tokens.manage')
  assertPerson(actor, 'create tokens')
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url')
  return db().$transaction(async (tx) => {
    const row = await tx.apiToken.create({ data: { userId: actor.id, name, tokenHash: hashToken(token), prefix: token.slice(0, 10) } })
    await recordAudit(tx, { actorId: actor.id, action: 'token.create', entityType: 'ApiToken', entityId: row.id, after: { name, prefix: row.prefix } })
    return { ...toDto(row), token }
  })
}

export async function listTokens({ actor }: { actor: Actor }): Promise<TokenDto[]> {
  assertCan(actor, 'tokens.manage')
  const rows = await db().apiToken.findMany({ where: { userId: actor.id, revokedAt: null }, orderBy: { createdAt: 'desc' } })
  return rows.map(toDto)
}

/** Revoke one of the actor's tokens (an admin may revoke anyone's). */
export async function revokeToken({ id, actor }: { id: string; actor: Actor }): Promise<void> {
  assertCan(actor, 'tokens.manage')
  assertId(id, 'token')
  await db().$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id } })
    if (!row || row.revokedAt || (row.userId !== actor.id && actor.role !== 'admin')) throw new AppError('not_found', `No token with the id ${id}.`)
    await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } })
    await recordAudit(tx, { actorId: actor.id, action: 'token.revoke', entityType: 'ApiToken', entityId: id, before: { name: row.name, prefix: row.prefix } })
  })
}

/**
 * The active owner of a bearer token, or null. A revoked token or a deactivated owner stops
 * working at once; use is recorded (last-used time, audit event) at most once a minute.
 */
export async function userForToken(token: string): Promise<(UserSummary & { via: Credential }) | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null
  const row = await db().apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: SUMMARY } },
  })
  if (!row || row.revokedAt || !row.user.active) return null
  const now = new Date()
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > USE_RECORD_INTERVAL_MS) {
    await db().$transaction(async (tx) => {
      await tx.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } })
      await recordAudit(tx, { actorId: row.userId, action: 'token.use', entityType: 'ApiToken', entityId: row.id })
    })
  }
  return { ...row.user, via: { kind: 'token', id: row.id } }
}

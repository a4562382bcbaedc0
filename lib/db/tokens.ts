import 'server-only'
import crypto from 'node:crypto'
import { AppError } from '@/lib/errors'
import { db } from './client'
import { recordAudit } from './audit'
import { assertCan, assertId, assertPerson, type Actor } from './authorize'
import type { Credential, UserSummary } from './users'
import { TOKEN_PREFIX, actingUserSql, hashToken, tokenUseSql } from './credentials'

import type { TokenDto } from '@/lib/types/desk'
export type { TokenDto }

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
 * working at once; use is recorded (last-used time, audit event) at most once a minute, in the
 * same statement as the lookup.
 */
export async function userForToken(token: string): Promise<(UserSummary & { via: Credential }) | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null
  const credential = { kind: 'token' as const, token }
  const rows = await db().$queryRaw<Array<UserSummary & { tokenId: string }>>`
    WITH who AS (${actingUserSql(credential)}) ${tokenUseSql(credential)}
    SELECT * FROM who`
  const row = rows[0]
  if (!row) return null
  const { tokenId, ...user } = row
  return { ...user, via: { kind: 'token', id: tokenId } }
}

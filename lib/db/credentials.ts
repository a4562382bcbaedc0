import 'server-only'
import crypto from 'node:crypto'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Actor } from './authorize'

/**
 * What a request presents, before the database has looked at it: the session named in a
 * verified session cookie, or a bearer token. Deciding who that is (a live session of an active
 * user, an unrevoked token of one) is one SQL fragment, `actingUserSql`, used both on its own
 * (to load the caller) and inside a write's own statement (so a hot write such as creating an
 * annotation checks the caller and writes in one round trip).
 */
export type PresentedCredential = { kind: 'session'; sessionId: string; userId: string } | { kind: 'token'; token: string }

export const TOKEN_PREFIX = 'gly_'
/** Record a token's use (last-used time and an audit event) at most this often. */
export const TOKEN_USE_RECORD_INTERVAL = Prisma.sql`interval '1 minute'`

/** Tokens are 256 random bits, so a plain SHA-256 is a safe, fast way to store them. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

/**
 * A SELECT of the acting user (id, email, name, role as text, active) for a credential, or no
 * row: a session must exist for that user, be neither revoked nor expired, have been opened under
 * the user's current password (epoch); a token must be unrevoked; the user must be active. An
 * `actor` already resolved is passed through as is.
 */
export function actingUserSql(c: PresentedCredential | { kind: 'actor'; actor: Actor }): Prisma.Sql {
  if (c.kind === 'actor') return Prisma.sql`SELECT ${c.actor.id}::uuid AS id, ${c.actor.email}::text AS email, ${c.actor.name}::text AS name, ${c.actor.role}::text AS role, true AS active, NULL::uuid AS "tokenId"`
  if (c.kind === 'session') {
    return Prisma.sql`
      SELECT u.id, u.email, u.name, u.role::text AS role, u.active, NULL::uuid AS "tokenId" FROM "UserSession" s JOIN "User" u ON u.id = s."userId"
      WHERE s.id = ${c.sessionId}::uuid AND s."userId" = ${c.userId}::uuid AND s."revokedAt" IS NULL AND s."expiresAt" > now()
        AND s.epoch = u."sessionEpoch" AND u.active`
  }
  return Prisma.sql`
    SELECT u.id, u.email, u.name, u.role::text AS role, u.active, t.id AS "tokenId" FROM "ApiToken" t JOIN "User" u ON u.id = t."userId"
    WHERE t."tokenHash" = ${hashToken(c.token)} AND t."revokedAt" IS NULL AND u.active`
}

/**
 * For a token: further CTEs (after a `who` CTE of actingUserSql) that record its use — the
 * last-used time and a `token.use` audit event — at most once a minute. Empty otherwise.
 */
export function tokenUseSql(c: PresentedCredential | { kind: 'actor' }): Prisma.Sql {
  if (c.kind !== 'token') return Prisma.empty
  return Prisma.sql`,
    token_touch AS (
      UPDATE "ApiToken" t SET "lastUsedAt" = now() FROM who
      WHERE t.id = who."tokenId" AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < now() - ${TOKEN_USE_RECORD_INTERVAL})
      RETURNING t.id, t."userId"
    ), token_use AS (
      INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId") SELECT "userId", 'token.use', 'ApiToken', id::text FROM token_touch
    )`
}

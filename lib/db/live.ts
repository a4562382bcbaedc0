import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { AppError } from '@/lib/errors'
import { LOG_FIELDS, type LogRow } from '@/lib/live/events'
import type { PresenceViewer } from '@/lib/types/live'
import { db } from './client'
import { actingUserSql, type PresentedCredential } from './credentials'
import type { UserSummary } from './users'
import { assertId } from './authorize'

const UUID = Prisma.sql`'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`

/** `before`/`after` cut down to the fields a live event is made from (constants, never user input). */
const picked = (column: 'before' | 'after') =>
  Prisma.raw(`jsonb_strip_nulls(jsonb_build_object(${LOG_FIELDS[column].map((f) => `'${f}', a.${column} -> '${f}'`).join(', ')})) AS ${column}`)

function logSelect(where: Prisma.Sql, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT l.seq, a.action, a."entityType", a."entityId", l."articleId", a."actorId", u.name AS "actorName", a.at, ${picked('before')}, ${picked('after')},
           an.kind::text AS "annotationKind"
    FROM "LiveEvent" l
    JOIN "AuditEvent" a ON a.id = l."auditId"
    LEFT JOIN "User" u ON u.id = a."actorId"
    LEFT JOIN "Annotation" an ON a."entityType" = 'Annotation' AND an.id = CASE WHEN a."entityId" ~ ${UUID} THEN a."entityId"::uuid END
    WHERE ${where}
    ORDER BY l.seq
    LIMIT ${limit}`
}

/** Log rows after `seq`, oldest first (at most `limit`). */
export async function readLiveLog(afterSeq: bigint, limit = 1000): Promise<LogRow[]> {
  return db().$queryRaw<LogRow[]>(logSelect(Prisma.sql`l.seq > ${afterSeq}`, limit))
}

/** An article's log rows after `seq`, oldest first, for a stream's replay. */
export async function readArticleLog(articleId: string, afterSeq: bigint, limit: number): Promise<LogRow[]> {
  return db().$queryRaw<LogRow[]>(logSelect(Prisma.sql`l."articleId" = ${articleId}::uuid AND l.seq > ${afterSeq}`, limit))
}

/** Rows of any article after `seq` (the review queue's and the desk's replay). */
export async function readArticlesLog(afterSeq: bigint, limit: number): Promise<LogRow[]> {
  // Deleted articles are gone from every list and route: their history is not replayed either.
  return db().$queryRaw<LogRow[]>(
    logSelect(Prisma.sql`l."articleId" IS NOT NULL AND l.seq > ${afterSeq} AND NOT EXISTS (SELECT 1 FROM "Article" d WHERE d.id = l."articleId" AND d."deletedAt" IS NOT NULL)`, limit),
  )
}

/**
 * How many log rows of a scope follow `seq`, counted up to `cap` (a replay longer than that is
 * replaced by one resync: the page reloads what it shows).
 */
export async function countLogAfter(scope: { articleId: string } | null, afterSeq: bigint, cap: number): Promise<number> {
  const where = scope ? Prisma.sql`l."articleId" = ${scope.articleId}::uuid AND l.seq > ${afterSeq}` : Prisma.sql`l."articleId" IS NOT NULL AND l.seq > ${afterSeq}`
  const [row] = await db().$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM (SELECT 1 FROM "LiveEvent" l WHERE ${where} LIMIT ${cap}) t`
  return row?.n ?? 0
}

/** The newest position of the log (0 when empty). A page reads it before its data. */
export async function liveLogPosition(): Promise<bigint> {
  const [row] = await db().$queryRaw<Array<{ seq: bigint | null }>>`SELECT max(seq) AS seq FROM "LiveEvent"`
  return row?.seq ?? BigInt(0)
}

/** Whether an article exists (not deleted): 404 for a stream otherwise. */
export async function assertLiveArticle(articleId: string): Promise<void> {
  assertId(articleId, 'article')
  if (!(await db().article.count({ where: { id: articleId, deletedAt: null } }))) throw new AppError('not_found', `No article with the id ${articleId}.`)
}

/** Whether the articles still exist; deleted or unknown ones are left out. */
export async function liveArticles(ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await db().article.findMany({ where: { id: { in: ids }, deletedAt: null }, select: { id: true } })
  return new Set(rows.map((r) => r.id))
}

/** The active user behind a credential, re-checked (session live, token unrevoked, user active). */
export async function actingUser(credential: PresentedCredential): Promise<UserSummary | null> {
  const rows = await db().$queryRaw<Array<UserSummary & { tokenId: string | null }>>`${actingUserSql(credential)}`
  if (!rows[0]) return null
  const { tokenId: _t, ...user } = rows[0]
  return user
}

// ── Presence ────────────────────────────────────────────────────────────────────────────────

export type PresenceRow = { connectionId: string; userId: string; articleId: string; since: Date }

/** Record (or refresh) this instance's open streams in one statement. */
export async function upsertPresence(instanceId: string, rows: PresenceRow[]): Promise<void> {
  if (!rows.length) return
  await db().$executeRaw`
    INSERT INTO "Presence" ("connectionId", "instanceId", "userId", "articleId", since, "lastSeen")
    SELECT c, ${instanceId}, u, a, s, now()
    FROM unnest(${rows.map((r) => r.connectionId)}::uuid[], ${rows.map((r) => r.userId)}::uuid[], ${rows.map((r) => r.articleId)}::uuid[], ${rows.map((r) => r.since)}::timestamptz[]) AS t(c, u, a, s)
    WHERE EXISTS (SELECT 1 FROM "Article" WHERE id = a)
    ON CONFLICT ("connectionId") DO UPDATE SET "lastSeen" = now()`
}

/** A stream closed: forget it. */
export async function deletePresence(connectionId: string): Promise<void> {
  await db().$executeRaw`DELETE FROM "Presence" WHERE "connectionId" = ${connectionId}::uuid`
}

/** Remove rows no instance has refreshed within `staleMs`; the articles they were on. */
export async function sweepPresence(staleMs: number): Promise<string[]> {
  const rows = await db().$queryRaw<Array<{ articleId: string }>>`
    DELETE FROM "Presence" WHERE "lastSeen" < now() - make_interval(secs => ${staleMs / 1000}) RETURNING "articleId"`
  return [...new Set(rows.map((r) => r.articleId))]
}

/** Everyone with an open stream of the article on any instance: one entry per person, earliest first. */
export async function presenceViewers(articleId: string, staleMs: number): Promise<PresenceViewer[]> {
  const rows = await db().$queryRaw<Array<{ id: string; name: string; since: Date }>>`
    SELECT u.id, u.name, min(p.since) AS since
    FROM "Presence" p JOIN "User" u ON u.id = p."userId"
    WHERE p."articleId" = ${articleId}::uuid AND p."lastSeen" > now() - make_interval(secs => ${staleMs / 1000}) AND u.active
    GROUP BY u.id, u.name
    ORDER BY min(p.since), u.name`
  return rows.map((r) => ({ id: r.id, name: r.name, since: r.since.toISOString() }))
}

/** How many people have each article open (for the article list). */
export async function presenceCounts(articleIds: string[], staleMs: number): Promise<Map<string, number>> {
  if (!articleIds.length) return new Map()
  const rows = await db().$queryRaw<Array<{ articleId: string; n: number }>>`
    SELECT p."articleId", count(DISTINCT p."userId")::int AS n
    FROM "Presence" p JOIN "User" u ON u.id = p."userId"
    WHERE p."articleId" = ANY(${articleIds}::uuid[]) AND p."lastSeen" > now() - make_interval(secs => ${staleMs / 1000}) AND u.active
    GROUP BY p."articleId"`
  return new Map(rows.map((r) => [r.articleId, r.n]))
}

/** Tell every instance that an article's viewers changed (outside any transaction: presence is not audited). */
export async function notifyPresence(articleIds: string[]): Promise<void> {
  if (!articleIds.length) return
  await db().$executeRaw`SELECT pg_notify('galley_presence', a) FROM unnest(${articleIds}::text[]) AS a`
}

/** A NOTIFY on a channel (the hub's ping through its own listener). */
export async function notifyChannel(channel: string, payload: string): Promise<void> {
  await db().$executeRaw`SELECT pg_notify(${channel}, ${payload})`
}

import 'server-only'
import { AppError } from '@/lib/errors'
import { describeEvent } from '@/lib/audit/describe'
import { HISTORY_PAGE_SIZE } from '@/lib/validation/history'
import { db } from './client'
import { assertCan, assertId, type Actor } from './authorize'

export type HistoryEvent = {
  id: string
  at: string
  actor: { id: string; name: string; email: string } | null
  action: string
  entityType: string
  entityId: string | null
  description: string
  before: unknown
  after: unknown
}

type Row = { id: bigint; at: Date; actorId: string | null; actorName: string | null; actorEmail: string | null; action: string; entityType: string; entityId: string | null; before: unknown; after: unknown }

/**
 * The article's audit trail, oldest first, a page at a time (`after`: the last id of the page
 * before; `nextCursor`: null on the last page): the article itself and every annotation, source
 * and decided suggestion on it. Audit rows are small by construction (the database bounds every
 * text in them to 2,000 characters), and a page holds at most 500.
 */
export async function getArticleHistory({ articleId, actor, after, limit = HISTORY_PAGE_SIZE }: { articleId: string; actor: Actor; after?: string; limit?: number }): Promise<{ events: HistoryEvent[]; nextCursor: string | null }> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  if (!(await db().article.count({ where: { id: articleId, deletedAt: null } }))) throw new AppError('not_found', `No article with the id ${articleId}.`)
  const from = BigInt(after ?? '0')
  // Each kind of entity through its own index scan (entityType, entityId), merged in id order.
  const rows = await db().$queryRaw<Row[]>`
    SELECT e.id, e.at, e."actorId", u.name AS "actorName", u.email AS "actorEmail", e.action, e."entityType", e."entityId", e.before, e.after
    FROM "AuditEvent" e LEFT JOIN "User" u ON u.id = e."actorId"
    WHERE e.id > ${from} AND (
         (e."entityType" = 'Article' AND e."entityId" = ${articleId})
      -- Comments are recorded against their annotation.
      OR (e."entityType" = 'Annotation' AND e."entityId" IN (SELECT id::text FROM "Annotation" WHERE "articleId" = ${articleId}::uuid))
      OR (e."entityType" = 'ArticleSource' AND e."entityId" IN (SELECT id::text FROM "ArticleSource" WHERE "articleId" = ${articleId}::uuid))
      OR (e."entityType" = 'Suggestion' AND e."entityId" IN (SELECT id::text FROM "Suggestion" WHERE "articleId" = ${articleId}::uuid AND (status <> 'open' OR "reopenedAt" IS NOT NULL))))
    ORDER BY e.id
    LIMIT ${limit + 1}`
  const page = rows.slice(0, limit)
  return {
    events: page.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '', email: r.actorEmail ?? '' } : null,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      description: describeEvent(r),
      before: r.before,
      after: r.after,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null,
  }
}

import 'server-only'
import { AppError } from '@/lib/errors'
import { describeEvent } from '@/lib/audit/describe'
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

/** The article's audit trail, oldest first: the article itself and every annotation on it. */
export async function getArticleHistory({ articleId, actor }: { articleId: string; actor: Actor }): Promise<HistoryEvent[]> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  if (!(await db().article.count({ where: { id: articleId, deletedAt: null } }))) throw new AppError('not_found', `No article with the id ${articleId}.`)
  const annotationIds = (await db().annotation.findMany({ where: { articleId }, select: { id: true } })).map((a) => a.id)
  const sourceIds = (await db().articleSource.findMany({ where: { articleId }, select: { id: true } })).map((s) => s.id)
  const suggestionIds = (await db().suggestion.findMany({ where: { articleId, status: { not: 'open' } }, select: { id: true } })).map((s) => s.id)
  const rows = await db().auditEvent.findMany({
    where: {
      OR: [
        { entityType: 'Article', entityId: articleId },
        // Comments are recorded against their annotation.
        { entityType: 'Annotation', entityId: { in: annotationIds } },
        { entityType: 'ArticleSource', entityId: { in: sourceIds } },
        { entityType: 'Suggestion', entityId: { in: suggestionIds } },
      ],
    },
    include: { actor: { select: { id: true, name: true, email: true } } },
    orderBy: { id: 'asc' },
  })
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    description: describeEvent(r),
    before: r.before,
    after: r.after,
  }))
}

import 'server-only'
import { AppError } from '@/lib/errors'
import { codePointLength } from '@/lib/text/offsets'
import type { CreateSourceInput } from '@/lib/validation/suggestions'
import type { SourceDto, SourceSummary } from '@/lib/types/suggestions'
import { db, type DbClient } from './client'
import { lockArticle } from './articles'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'

type Row = { id: string; articleId: string; title: string; kind: SourceDto['kind']; url: string | null; body: string; createdById: string; createdAt: Date; createdBy: { name: string } }

function toSummary(row: Omit<Row, 'body'> & { length: number }): SourceSummary {
  return {
    id: row.id,
    articleId: row.articleId,
    title: row.title,
    kind: row.kind,
    url: row.url,
    length: row.length,
    createdBy: { id: row.createdById, name: row.createdBy.name },
    createdAt: row.createdAt.toISOString(),
  }
}

const WITH_AUTHOR = { createdBy: { select: { name: true } } } as const

/** Attach a source (wire original, release, transcript, other) to an article; audited. */
export async function createSource({ articleId, input, actor }: { articleId: string; input: CreateSourceInput; actor: Actor }): Promise<SourceSummary> {
  assertCan(actor, 'annotations.write')
  return db().$transaction(async (tx) => {
    // Share lock: the article is not deleted or archived between the check and the insert.
    await lockArticle(tx, articleId, 'share')
    const row = await tx.articleSource.create({
      data: { articleId, title: input.title, kind: input.kind, body: input.body, url: input.url, createdById: actor.id },
      include: WITH_AUTHOR,
    })
    const summary = toSummary({ ...row, length: codePointLength(row.body) })
    await recordAudit(tx, { actorId: actor.id, action: 'source.create', entityType: 'ArticleSource', entityId: row.id, after: summary })
    return summary
  })
}

/** The article's sources, oldest first, without their bodies. */
export async function listSources({ articleId, actor }: { articleId: string; actor: Actor }, client: DbClient = db()): Promise<SourceSummary[]> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const article = await client.article.findUnique({ where: { id: articleId }, select: { deletedAt: true } })
  if (!article || article.deletedAt) throw new AppError('not_found', `No article with the id ${articleId}.`)
  const rows = await client.$queryRaw<Array<Omit<Row, 'body' | 'createdBy'> & { length: number; authorName: string }>>`
    SELECT s.id, s."articleId", s.title, s.kind::text AS kind, s.url, char_length(s.body) AS length, s."createdById", s."createdAt", u.name AS "authorName"
    FROM "ArticleSource" s JOIN "User" u ON u.id = s."createdById"
    WHERE s."articleId" = ${articleId}::uuid AND s."deletedAt" IS NULL ORDER BY s."createdAt", s.id`
  return rows.map((r) => toSummary({ ...r, createdBy: { name: r.authorName } }))
}

/** Sources as the checks read them (server-side only: no permission, the caller checked it). */
export async function sourceTexts(client: DbClient, articleId: string) {
  return client.articleSource.findMany({ where: { articleId, deletedAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true, kind: true, title: true, body: true } })
}

async function liveSource(client: DbClient, id: string) {
  assertId(id, 'source')
  const row = await client.articleSource.findUnique({ where: { id }, include: { ...WITH_AUTHOR, article: { select: { deletedAt: true } } } })
  if (!row || row.deletedAt || row.article.deletedAt) throw new AppError('not_found', `No source with the id ${id}.`)
  return row
}

/** One source with its body. */
export async function getSource({ id, actor }: { id: string; actor: Actor }): Promise<SourceDto> {
  assertCan(actor, 'articles.read')
  const row = await liveSource(db(), id)
  return { ...toSummary({ ...row, length: codePointLength(row.body) }), body: row.body }
}

/** Delete a source: it is no longer compared (the row stays for the audit trail). */
export async function deleteSource({ id, actor }: { id: string; actor: Actor }): Promise<void> {
  assertCan(actor, 'annotations.write')
  await db().$transaction(async (tx) => {
    const row = await liveSource(tx, id)
    await lockArticle(tx, row.articleId, 'share')
    const { count } = await tx.articleSource.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } })
    if (count === 0) throw new AppError('not_found', `No source with the id ${id}.`)
    await recordAudit(tx, { actorId: actor.id, action: 'source.delete', entityType: 'ArticleSource', entityId: id, before: toSummary({ ...row, length: codePointLength(row.body) }) })
  })
}

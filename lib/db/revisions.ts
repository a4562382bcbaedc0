import 'server-only'
import { AppError, fieldsError } from '@/lib/errors'
import { applyFixes, correctedSpans } from '@/lib/corrections/apply'
import { reanchor, type ReanchorCounts, type Reanchored } from '@/lib/anchoring/reanchor'
import { diffTexts, type Diff } from '@/lib/anchoring/text-diff'
import { describeSpan } from '@/lib/anchoring/describe'
import { OffsetMap } from '@/lib/text/offsets'
import type { Prisma } from '@/lib/generated/prisma/client'
import { db } from './client'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'
import { WITH_AUTHOR, anchorSpan, toAnnotationDto, type AnnotationDto } from './annotations'
import { lockArticleText } from './articles'

type Tx = Prisma.TransactionClient

export const REVISION_REASONS = ['edited', 'wire update re-imported', 'approved fixes published'] as const

export type RevisionSummary = { number: number; reason: string; createdBy: string; createdByName: string; createdAt: string; length: number }
export type ReviseResult = { revision: number; reanchor: ReanchorCounts }

/** Lock the article for a body change and check the caller read the latest revision. */
async function lockForRevision(tx: Tx, articleId: string, baseRevision: number | undefined) {
  const article = await lockArticleText(tx, articleId, 'update')
  if (baseRevision !== undefined && baseRevision !== article.revision) {
    throw new AppError('conflict', `The article is at revision ${article.revision}, not ${baseRevision}: someone changed it meanwhile. Reload, then apply your change again.`)
  }
  return article
}

/** Write the new anchors of many annotations in two statements (not one per annotation). */
async function saveAnchors(tx: Tx, revision: number, results: Array<Reanchored | (Reanchored & { method: string })>): Promise<void> {
  if (results.length === 0) return
  const placed = results.filter((r) => r.status !== 'orphaned')
  const orphaned = results.filter((r) => r.status === 'orphaned').map((r) => r.id)
  if (placed.length) {
    await tx.$executeRaw`
      UPDATE "Annotation" AS a SET start = v.start, "end" = v."end", exact = v.exact, prefix = v.prefix, suffix = v.suffix, orphaned = false, "updatedAt" = now()
      FROM (SELECT unnest(${placed.map((r) => r.id)}::uuid[]) AS id, unnest(${placed.map((r) => r.start)}::int[]) AS start,
                   unnest(${placed.map((r) => r.end)}::int[]) AS "end", unnest(${placed.map((r) => r.exact)}::text[]) AS exact,
                   unnest(${placed.map((r) => r.prefix)}::text[]) AS prefix, unnest(${placed.map((r) => r.suffix)}::text[]) AS suffix) AS v
      WHERE a.id = v.id`
  }
  if (orphaned.length) {
    await tx.annotation.updateMany({ where: { id: { in: orphaned } }, data: { orphaned: true } })
  }
  await tx.annotationAnchor.createMany({
    data: results.map((r) => ({
      annotationId: r.id,
      revision,
      method: 'method' in r ? r.method : r.status,
      start: r.start,
      end: r.end,
      exact: r.exact,
      prefix: r.prefix,
      suffix: r.suffix,
      score: r.score ?? null,
    })),
  })
}

/** Store a new body as the next revision and re-anchor every placed annotation onto it. */
async function writeRevision(
  tx: Tx,
  { article, body, reason, actor, skip = new Set<string>() }: { article: { id: string; body: string; revision: number }; body: string; reason: string; actor: Actor; skip?: Set<string> },
): Promise<{ revision: number; results: Reanchored[]; counts: ReanchorCounts }> {
  const annotations = await tx.annotation.findMany({
    where: { articleId: article.id, deletedAt: null, orphaned: false, id: { notIn: [...skip] } },
    select: { id: true, start: true, end: true, exact: true, prefix: true, suffix: true },
  })
  const { results, counts } = reanchor(article.body, body, annotations)
  const revision = article.revision + 1
  await tx.article.update({ where: { id: article.id }, data: { body, revision } })
  await tx.articleRevision.create({ data: { articleId: article.id, number: revision, body, reason, createdById: actor.id } })
  await saveAnchors(tx, revision, results)
  await recordAudit(tx, {
    actorId: actor.id,
    action: 'article.revise',
    entityType: 'Article',
    entityId: article.id,
    before: { revision: article.revision, length: article.body.length },
    after: { revision, length: body.length, reason, reanchor: counts },
  })
  return { revision, results, counts }
}

/** PUT /api/articles/:id/body — a new revision from an edit or a re-imported wire update. */
export async function reviseArticle({
  articleId,
  body,
  baseRevision,
  reason,
  actor,
}: {
  articleId: string
  body: string
  baseRevision: number
  reason: string
  actor: Actor
}): Promise<ReviseResult> {
  assertCan(actor, 'articles.write')
  return db().$transaction(
    async (tx) => {
      const article = await lockForRevision(tx, articleId, baseRevision)
      if (article.body === body) throw fieldsError([{ path: 'body', message: `is the same as revision ${article.revision}` }], `The text is the same as revision ${article.revision}; nothing to save.`)
      const { revision, counts } = await writeRevision(tx, { article, body, reason, actor })
      return { revision, reanchor: counts }
    },
    { timeout: 60_000 },
  )
}

/**
 * POST /api/articles/:id/publish — a revision whose body is the corrected text. Approved fixes
 * become `applied` and point at the corrected words; everything else is re-anchored.
 */
export async function publishFixes({ articleId, baseRevision, actor }: { articleId: string; baseRevision?: number; actor: Actor }): Promise<ReviseResult & { applied: number }> {
  assertCan(actor, 'articles.publish')
  return db().$transaction(
    async (tx) => {
      const article = await lockForRevision(tx, articleId, baseRevision)
      const fixes = await tx.annotation.findMany({
        where: { articleId, kind: 'error', status: 'approved', orphaned: false, deletedAt: null },
        select: { id: true, start: true, end: true, exact: true, correction: true },
        orderBy: { start: 'asc' },
      })
      if (fixes.length === 0) throw new AppError('conflict', 'There are no approved fixes to publish.')
      const toApply = fixes.map((f) => ({ id: f.id, start: f.start, end: f.end, correction: f.correction ?? '' }))
      const body = applyFixes(article.body, toApply)
      const { revision, counts } = await writeRevision(tx, { article, body, reason: 'approved fixes published', actor, skip: new Set(fixes.map((f) => f.id)) })
      // Each applied fix now describes its corrected words (empty for a deletion: a point).
      const map = new OffsetMap(body)
      const applied: Array<Reanchored & { method: string }> = correctedSpans(toApply).map(({ fix, start, end }) => ({ id: fix.id, status: 'moved', method: 'applied', ...describeSpan(body, start, end, map) }))
      for (const f of fixes) {
        await tx.annotation.update({ where: { id: f.id }, data: { status: 'applied', originalExact: f.exact, version: { increment: 1 } } })
      }
      await saveAnchors(tx, revision, applied)
      await recordAudit(tx, { actorId: actor.id, action: 'article.publish', entityType: 'Article', entityId: articleId, after: { revision, applied: fixes.map((f) => f.id) } })
      return { revision, reanchor: counts, applied: fixes.length }
    },
    { timeout: 60_000 },
  )
}

export async function listRevisions({ articleId, actor }: { articleId: string; actor: Actor }): Promise<RevisionSummary[]> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const rows = await db().$queryRaw<Array<{ number: number; reason: string; createdById: string; name: string; createdAt: Date; length: number }>>`
    SELECT r.number, r.reason, r."createdById", u.name, r."createdAt", length(r.body)::int AS length
    FROM "ArticleRevision" r JOIN "User" u ON u.id = r."createdById"
    WHERE r."articleId" = ${articleId}::uuid ORDER BY r.number`
  if (rows.length === 0 && !(await db().article.count({ where: { id: articleId } }))) throw new AppError('not_found', `No article with the id ${articleId}.`)
  return rows.map((r) => ({ number: r.number, reason: r.reason, createdBy: r.createdById, createdByName: r.name, createdAt: r.createdAt.toISOString(), length: r.length }))
}

export async function getRevisionBody({ articleId, number, actor }: { articleId: string; number: number; actor: Actor }): Promise<string> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const row = await db().articleRevision.findUnique({ where: { articleId_number: { articleId, number } }, select: { body: true } })
  if (!row) throw new AppError('not_found', `Article ${articleId} has no revision ${number}.`)
  return row.body
}

/** The diff between two revisions, as [op, text] pairs (-1 deleted, 0 same, 1 inserted). */
export async function diffRevisions({ articleId, from, to, actor }: { articleId: string; from: number; to: number; actor: Actor }): Promise<Diff[]> {
  const [a, b] = await Promise.all([getRevisionBody({ articleId, number: from, actor }), getRevisionBody({ articleId, number: to, actor })])
  return diffTexts(a, b)
}

/** Re-attach an orphaned annotation to a span an editor selected in the current text. */
export async function reattachAnnotation({ id, start, end, exact, actor }: { id: string; start: number; end: number; exact: string; actor: Actor }): Promise<AnnotationDto> {
  assertCan(actor, 'annotations.write')
  assertId(id, 'annotation')
  return db().$transaction(async (tx) => {
    const row = await tx.annotation.findUnique({ where: { id }, select: { articleId: true, orphaned: true, deletedAt: true, exact: true } })
    if (!row || row.deletedAt) throw new AppError('not_found', `No annotation with the id ${id}.`)
    if (!row.orphaned) throw new AppError('conflict', 'This annotation is not orphaned; edit it instead.')
    const article = await lockArticleText(tx, row.articleId, 'update')
    const selectors = anchorSpan(article.body, start, end, exact)
    const updated = await tx.annotation.update({
      where: { id },
      data: { ...selectors, orphaned: false, version: { increment: 1 }, anchors: { create: { revision: article.revision, method: 'reattached', ...selectors } } },
      include: WITH_AUTHOR,
    })
    await recordAudit(tx, { actorId: actor.id, action: 'annotation.reattach', entityType: 'Annotation', entityId: id, before: { exact: row.exact }, after: selectors })
    return toAnnotationDto(updated)
  })
}

/** Dismiss an orphaned annotation: hidden like a deletion, kept for the record. */
export async function dismissOrphan({ id, actor }: { id: string; actor: Actor }): Promise<void> {
  assertCan(actor, 'annotations.write')
  assertId(id, 'annotation')
  await db().$transaction(async (tx) => {
    const row = await tx.annotation.findUnique({ where: { id }, select: { orphaned: true, deletedAt: true } })
    if (!row || row.deletedAt) throw new AppError('not_found', `No annotation with the id ${id}.`)
    if (!row.orphaned) throw new AppError('conflict', 'Only an orphaned annotation can be dismissed; delete it instead.')
    await tx.annotation.update({ where: { id }, data: { deletedAt: new Date(), version: { increment: 1 } } })
    await recordAudit(tx, { actorId: actor.id, action: 'annotation.dismiss', entityType: 'Annotation', entityId: id })
  })
}

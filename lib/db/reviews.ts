import 'server-only'
import { AppError } from '@/lib/errors'
import { findCollision } from '@/lib/corrections/apply'
import { OffsetMap } from '@/lib/text/offsets'
import { sentenceAt, splitSentences } from '@/lib/text/sentences'
import type { ReviewInput } from '@/lib/validation/annotations'
import { db, readSnapshot, type DbClient } from './client'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'
import { WITH_AUTHOR, toAnnotationDto, type AnnotationDto } from './annotations'
import { COMMENT_INCLUDE, toCommentDto, type CommentDto } from './comments'
import { lockArticle } from './articles'

export type ReviewDto = {
  id: string
  annotationId: string
  reviewerId: string
  reviewerName: string
  decision: 'approve' | 'reject'
  comment: string
  at: string
}

/**
 * Approve or reject a proposed fix. Four-eyes: nobody reviews their own fix. Reviews of one
 * article are serialised by a row lock on the article, so two reviewers approving overlapping
 * fixes at the same moment cannot both win.
 */
export async function reviewFix({ annotationId, input, actor }: { annotationId: string; input: ReviewInput; actor: Actor }): Promise<AnnotationDto & { review: ReviewDto }> {
  assertCan(actor, 'fixes.review')
  assertId(annotationId, 'annotation')
  return db().$transaction(async (tx) => {
    const first = await tx.annotation.findUnique({ where: { id: annotationId }, select: { articleId: true, deletedAt: true } })
    if (!first || first.deletedAt) throw new AppError('not_found', `No annotation with the id ${annotationId}.`)
    await lockArticle(tx, first.articleId, 'update')
    const fix = await tx.annotation.findUniqueOrThrow({ where: { id: annotationId }, include: WITH_AUTHOR })
    if (fix.kind !== 'error') throw new AppError('validation_failed', `Only errors carry a fix to review; this annotation is a ${fix.kind}.`)
    if (fix.createdById === actor.id) throw new AppError('forbidden', 'You proposed this fix; another reviewer must decide on it.')
    if (fix.status !== 'open') throw new AppError('conflict', `This fix is already ${fix.status}.`)
    if (input.version !== undefined && input.version !== fix.version) {
      throw new AppError(
        'conflict',
        `This fix was changed after you read it (it now says ${JSON.stringify(fix.exact)} → ${JSON.stringify(fix.correction)}, version ${fix.version}, you read version ${input.version}); review it again.`,
      )
    }
    if (fix.orphaned) throw new AppError('conflict', 'This fix lost its place when the text changed; re-attach it before deciding on it.')
    if (input.decision === 'approve') {
      const approved = await tx.annotation.findMany({
        where: { articleId: fix.articleId, kind: 'error', status: 'approved', orphaned: false, deletedAt: null, id: { not: fix.id } },
        select: { id: true, start: true, end: true, exact: true, correction: true },
      })
      const other = findCollision(fix, approved)
      if (other) {
        throw new AppError(
          'conflict',
          `This fix overlaps an approved fix (${JSON.stringify(other.exact)} → ${JSON.stringify(other.correction)}, id ${other.id}); only one of them can be applied.`,
          { collidesWith: other.id },
        )
      }
    }
    const status = input.decision === 'approve' ? 'approved' : 'rejected'
    const updated = await tx.annotation.update({
      where: { id: fix.id },
      data: { status, version: { increment: 1 } },
      include: WITH_AUTHOR,
    })
    const review = await tx.review.create({
      data: { annotationId: fix.id, reviewerId: actor.id, decision: input.decision, comment: input.comment ?? '' },
    })
    const dto = toAnnotationDto(updated)
    await recordAudit(tx, {
      actorId: actor.id,
      action: `fix.${status === 'approved' ? 'approve' : 'reject'}`,
      entityType: 'Annotation',
      entityId: fix.id,
      before: { status: fix.status },
      after: { status, comment: review.comment, reviewId: review.id },
    })
    return {
      ...dto,
      review: { id: review.id, annotationId: fix.id, reviewerId: actor.id, reviewerName: actor.name, decision: review.decision, comment: review.comment, at: review.at.toISOString() },
    }
  })
}

/** Reviews of an article's annotations, oldest first. */
export async function listReviews({ articleId, actor }: { articleId: string; actor: Actor }, client: DbClient = db()): Promise<ReviewDto[]> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const rows = await client.review.findMany({
    where: { annotation: { articleId, deletedAt: null } },
    include: { reviewer: { select: { name: true } } },
    orderBy: { at: 'asc' },
  })
  return rows.map((r) => ({ id: r.id, annotationId: r.annotationId, reviewerId: r.reviewerId, reviewerName: r.reviewer.name, decision: r.decision, comment: r.comment, at: r.at.toISOString() }))
}

export type QueueItem = {
  fix: AnnotationDto
  article: { id: string; title: string }
  /** The sentence around the fix, split so the UI can show a redline. */
  context: { before: string; exact: string; after: string }
  /** Why the viewer cannot decide on it, if they cannot. */
  blockedReason: string | null
  comments: CommentDto[]
}

/** Open fixes across articles, oldest first, each with its sentence for a redline. */
export async function listReviewQueue({ actor, limit = 200 }: { actor: Actor; limit?: number }): Promise<QueueItem[]> {
  assertCan(actor, 'articles.read')
  // One snapshot, so each fix's offsets fit the body its sentence is cut from; each article's body
  // is read once (not once per fix) and segmented into sentences once.
  const { rows, articles } = await readSnapshot(async (tx) => {
    const rows = await tx.annotation.findMany({
      where: { kind: 'error', status: 'open', deletedAt: null, orphaned: false },
      include: { ...WITH_AUTHOR, comments: { include: COMMENT_INCLUDE, orderBy: { createdAt: 'asc' } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit,
    })
    const articles = await tx.article.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.articleId))] } },
      select: { id: true, title: true, body: true },
    })
    return { rows, articles }
  })
  const texts = new Map(articles.map((a) => [a.id, { ...a, map: new OffsetMap(a.body), sentences: splitSentences(a.body) }]))
  const canReview = actor.role === 'reviewer' || actor.role === 'admin'
  return rows.map((row) => {
    const cached = texts.get(row.articleId)!
    const body = cached.body
    const from = cached.map.toUtf16(row.start)
    const to = cached.map.toUtf16(row.end)
    const first = sentenceAt(body, from, cached.sentences)
    const last = sentenceAt(body, Math.max(from, to - 1), cached.sentences)
    const sStart = Math.min(first?.start ?? from, from)
    const sEnd = Math.max(last?.end ?? to, to)
    return {
      fix: toAnnotationDto(row),
      article: { id: cached.id, title: cached.title },
      context: { before: body.slice(sStart, from), exact: body.slice(from, to), after: body.slice(to, sEnd) },
      comments: row.comments.map(toCommentDto),
      blockedReason: !canReview
        ? `Only reviewers decide on fixes; you are signed in as ${actor.role}.`
        : row.createdById === actor.id
          ? 'You proposed this fix; another reviewer must decide on it.'
          : null,
    }
  })
}

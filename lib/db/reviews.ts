import 'server-only'
import { AppError } from '@/lib/errors'
import { findCollision } from '@/lib/corrections/apply'
import { OffsetMap } from '@/lib/text/offsets'
import { sentenceAt, splitSentences } from '@/lib/text/sentences'
import type { GroupReviewInput, ReviewInput } from '@/lib/validation/annotations'
import type { Prisma } from '@/lib/generated/prisma/client'
import { db, readSnapshot, type DbClient } from './client'
import { recordAudit, WEBHOOK_EVENT_TX, type RecordedAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'
import { can } from '@/lib/auth/permissions'
import { WITH_AUTHOR, lockAnnotation, spanSplitsCharacter, toAnnotationDto, type AnnotationDto } from './annotations'
import { lockArticle, lockArticleText } from './articles'
import { COMMENT_INCLUDE, toCommentDto, type CommentDto } from './comments'

import type { ReviewDto } from '@/lib/types/desk'
export type { ReviewDto }

/** Why `actor` may not decide on this fix themselves, or null: nobody reviews a fix they wrote. */
export function ownFixReason(fix: { createdById: string; contributorIds: string[] }, actor: Pick<Actor, 'id'>): string | null {
  if (fix.createdById === actor.id) return 'You proposed this fix; another reviewer must decide on it.'
  if (fix.contributorIds.includes(actor.id)) return 'You changed this fix’s correction or its words; another reviewer must decide on it.'
  return null
}

/**
 * Approve or reject a proposed fix. Four-eyes: nobody who wrote the fix (its author, whoever
 * changed its correction or picked its words) reviews it. Reviews of one article are serialised
 * by a row lock on the article, so two reviewers approving overlapping fixes at the same moment
 * cannot both win; the write itself is a compare-and-set on the version the checks read, so an
 * edit that lands meanwhile makes the review fail rather than approve words nobody saw.
 */
export async function reviewFix({ annotationId, input, actor }: { annotationId: string; input: ReviewInput; actor: Actor }): Promise<AnnotationDto & { review: ReviewDto }> {
  assertCan(actor, 'fixes.review')
  return db().$transaction((tx) => decideFix(tx, annotationId, input, actor), WEBHOOK_EVENT_TX)
}

/**
 * Decide on every open fix of a group ("fix every occurrence", issue 22) at once. Each fix is
 * decided exactly as reviewFix decides one — four-eyes (a reviewer who wrote or changed any of them
 * is refused for the group), the version the reviewer read, overlaps — with its own review row and
 * audit event; all in one transaction, so the group is decided whole or not at all. `fixes` must
 * be every open fix of the group (one the reviewer has not seen makes it a 409).
 */
export async function reviewFixGroup({ groupId, input, actor }: { groupId: string; input: GroupReviewInput; actor: Actor }): Promise<{ groupId: string; decided: Array<AnnotationDto & { review: ReviewDto }> }> {
  assertCan(actor, 'fixes.review')
  assertId(groupId, 'fix group')
  return db().$transaction(async (tx) => {
    // The article's lock first (every decision takes it for update): no copy joins the group and no
    // revision reopens a member between the check of what the reviewer saw and the decisions.
    const one = await tx.annotation.findFirst({ where: { groupId, deletedAt: null }, select: { articleId: true } })
    if (!one) throw new AppError('not_found', `No group of fixes with the id ${groupId}.`)
    await lockArticle(tx, one.articleId, 'update')
    const members = await tx.annotation.findMany({ where: { groupId, deletedAt: null, kind: 'error' }, select: { id: true, status: true, start: true, exact: true, correction: true } })
    if (!members.length) throw new AppError('not_found', `No group of fixes with the id ${groupId}.`)
    const byId = new Map(members.map((m) => [m.id, m]))
    const stranger = input.fixes.find((f) => !byId.has(f.id))
    if (stranger) throw new AppError('validation_failed', `The fix ${stranger.id} is not one of this group's fixes.`, { fields: [{ path: 'fixes', message: 'names a fix outside the group' }] })
    const listed = new Set(input.fixes.map((f) => f.id))
    const unseen = members.filter((m) => m.status === 'open' && !listed.has(m.id))
    if (unseen.length) {
      const m = unseen[0]
      throw new AppError('conflict', `This group has ${unseen.length} more open fix${unseen.length === 1 ? '' : 'es'} than you saw (such as ${JSON.stringify(m.exact)} → ${JSON.stringify(m.correction || '(delete)')}); reload and review the group again.`)
    }
    const decided: Array<AnnotationDto & { review: ReviewDto }> = []
    const events: RecordedAudit[] = []
    // In text order, each under the same article lock, as one review after another.
    for (const f of [...input.fixes].sort((a, b) => byId.get(a.id)!.start - byId.get(b.id)!.start)) {
      decided.push(await decideFix(tx, f.id, { decision: input.decision, comment: input.comment, version: f.version }, actor, { groupId, events }))
    }
    // The webhook deliveries' bodies once every decision is made: each sees the group decided (the
    // state that commits, not a half-decided one), and the article is read and rendered once.
    if (events.length) {
      const { writeDeliveryBodies } = await import('./webhook-payload')
      const cache = new Map()
      for (const e of events) await writeDeliveryBodies(tx, e, cache)
    }
    return { groupId, decided }
  }, WEBHOOK_EVENT_TX)
}

/** One review decision inside the caller's transaction (reviewFix, reviewFixGroup). */
async function decideFix(tx: Prisma.TransactionClient, annotationId: string, input: ReviewInput, actor: Actor, extra: { groupId?: string; events?: RecordedAudit[] } = {}): Promise<AnnotationDto & { review: ReviewDto }> {
  {
    const fix = await lockAnnotation(tx, annotationId, 'update')
    if (fix.kind !== 'error') throw new AppError('validation_failed', `Only errors carry a fix to review; this annotation is a ${fix.kind}.`)
    const own = ownFixReason(fix, actor)
    if (own) throw new AppError('forbidden', own)
    if (fix.status !== 'open') throw new AppError('conflict', `This fix is already ${fix.status}.`)
    if (input.version !== undefined && input.version !== fix.version) {
      throw new AppError(
        'conflict',
        `This fix was changed after you read it (it now says ${JSON.stringify(fix.exact)} → ${JSON.stringify(fix.correction)}, version ${fix.version}, you read version ${input.version}); review it again.`,
      )
    }
    if (fix.orphaned) throw new AppError('conflict', 'This fix lost its place when the text changed; re-attach it before deciding on it.')
    if (input.decision === 'approve') {
      if ((fix.correction ?? '') === fix.exact) {
        throw new AppError('conflict', `The text already reads ${JSON.stringify(fix.exact)}, which is this fix's correction; there is nothing to approve. Reject it or ask its author to delete it.`)
      }
      // Re-anchoring can leave a span beside a combining mark the wire added: applying it would cut a character.
      const { body } = await lockArticleText(tx, fix.articleId, 'update')
      if (spanSplitsCharacter(new OffsetMap(body), fix.start, fix.end)) {
        throw new AppError('conflict', `This fix's span (${fix.start}–${fix.end}) now cuts a character in two (a letter and its accent, or an emoji); ask its author to move it onto whole characters.`)
      }
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
    // Compare-and-set: the row must still be the version every check above read.
    const { count } = await tx.annotation.updateMany({
      where: { id: fix.id, version: fix.version, status: 'open', deletedAt: null },
      data: {
        status,
        version: { increment: 1 },
        approvedExact: status === 'approved' ? fix.exact : null,
        approvedCorrection: status === 'approved' ? (fix.correction ?? '') : null,
        textChangedFrom: null,
        textChangedRevision: null,
        textChangedWasApproved: null,
      },
    })
    if (count === 0) throw new AppError('conflict', 'This fix was changed while you were deciding on it; review it again.')
    const updated = await tx.annotation.findUniqueOrThrow({ where: { id: fix.id }, include: WITH_AUTHOR })
    const review = await tx.review.create({
      data: { annotationId: fix.id, reviewerId: actor.id, decision: input.decision, comment: input.comment ?? '', version: fix.version + 1 },
    })
    const dto = toAnnotationDto(updated)
    const event = await recordAudit(tx, {
      actorId: actor.id,
      action: `fix.${status === 'approved' ? 'approve' : 'reject'}`,
      entityType: 'Annotation',
      entityId: fix.id,
      // Everything the decision clears, so that taking it back (undoReview) restores it exactly.
      before: {
        status: fix.status,
        version: fix.version,
        ...(fix.textChangedFrom !== null ? { textChangedFrom: fix.textChangedFrom, textChangedRevision: fix.textChangedRevision, textChangedWasApproved: fix.textChangedWasApproved } : {}),
        ...(fix.approvedExact !== null ? { approvedExact: fix.approvedExact, approvedCorrection: fix.approvedCorrection } : {}),
      },
      after: { status, exact: fix.exact, correction: fix.correction, comment: review.comment, reviewId: review.id, ...(extra.groupId ? { groupId: extra.groupId } : {}) },
    }, { bodies: extra.events ? 'later' : 'now' })
    if (event) extra.events?.push(event)
    return {
      ...dto,
      review: { id: review.id, annotationId: fix.id, reviewerId: actor.id, reviewerName: actor.name, decision: review.decision, comment: review.comment, at: review.at.toISOString() },
    }
  }
}

/**
 * How long after a decision its reviewer may take it back (issue 22, item 6). The review queue
 * offers the undo for UNDO_MS (10 s); the server allows a minute, for a slow network, and no more:
 * past it a decision stands, and changing one's mind is a new review of a reopened fix.
 */
export const REVIEW_UNDO_WINDOW_MS = 60_000

/**
 * Take back one's own review decision: the fix is open again, exactly as before the decision, and
 * the review row is gone (the audit keeps both the decision and its undo, and webhook subscribers
 * of "annotation.reviewed" are told: decision "undone"). Refused (409) once anything built on the
 * decision — the fix was published, edited, reopened by a revision, or decided again — and past
 * REVIEW_UNDO_WINDOW_MS; only the reviewer who decided may take it back (403). Under the article's
 * lock, as a decision is, and a compare-and-set on the version the decision produced.
 */
export async function undoReview({ annotationId, reviewId, actor }: { annotationId: string; reviewId: string; actor: Actor }): Promise<AnnotationDto> {
  assertCan(actor, 'fixes.review')
  assertId(reviewId, 'review')
  return db().$transaction(async (tx) => {
    const fix = await lockAnnotation(tx, annotationId, 'update')
    const review = await tx.review.findUnique({ where: { id: reviewId } })
    if (!review || review.annotationId !== fix.id) throw new AppError('not_found', `No review ${reviewId} of the fix ${fix.id}.`)
    if (review.reviewerId !== actor.id) throw new AppError('forbidden', 'Only the reviewer who made a decision can take it back.')
    const latest = await tx.review.findFirst({ where: { annotationId: fix.id }, orderBy: [{ at: 'desc' }, { id: 'desc' }], select: { id: true } })
    const status = review.decision === 'approve' ? 'approved' : 'rejected'
    const word = review.decision === 'approve' ? 'approval' : 'rejection'
    if (latest?.id !== review.id || review.version === null) throw new AppError('conflict', `This ${word} is no longer the fix's last decision; it cannot be taken back.`)
    if (fix.status === 'applied') throw new AppError('conflict', 'This fix has been published since it was approved; the approval can no longer be taken back. Correct the published text with a new fix.')
    if (fix.status !== status || fix.version !== review.version) {
      throw new AppError('conflict', `This fix changed after your ${word} (it is now ${fix.status}, version ${fix.version}); the ${word} can no longer be taken back.`)
    }
    const age = Date.now() - review.at.getTime()
    if (age > REVIEW_UNDO_WINDOW_MS) throw new AppError('conflict', `This ${word} was made ${Math.round(age / 1000)} s ago; a decision can be taken back within ${REVIEW_UNDO_WINDOW_MS / 1000} s. Ask an editor to reopen the fix instead.`)
    // The fix as it was before the decision (a "text changed" flag the decision cleared comes back).
    const decision = await tx.auditEvent.findFirst({
      where: { entityType: 'Annotation', entityId: fix.id, action: `fix.${review.decision}`, after: { path: ['reviewId'], equals: review.id } },
      select: { before: true },
    })
    const was = (decision?.before ?? {}) as Record<string, unknown>
    const str = (v: unknown) => (typeof v === 'string' ? v : null)
    const { count } = await tx.annotation.updateMany({
      where: { id: fix.id, version: review.version, status, deletedAt: null },
      data: {
        status: 'open',
        version: { increment: 1 },
        approvedExact: str(was.approvedExact),
        approvedCorrection: str(was.approvedCorrection),
        textChangedFrom: str(was.textChangedFrom),
        textChangedRevision: typeof was.textChangedRevision === 'number' ? was.textChangedRevision : null,
        textChangedWasApproved: typeof was.textChangedWasApproved === 'boolean' ? was.textChangedWasApproved : null,
      },
    })
    if (count === 0) throw new AppError('conflict', `This fix changed while the ${word} was being taken back; reload it.`)
    await tx.review.delete({ where: { id: review.id } })
    const updated = await tx.annotation.findUniqueOrThrow({ where: { id: fix.id }, include: WITH_AUTHOR })
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'fix.review_undo',
      entityType: 'Annotation',
      entityId: fix.id,
      before: { status, version: fix.version, reviewId: review.id, decision: review.decision, comment: review.comment, at: review.at.toISOString() },
      after: { status: 'open', exact: fix.exact, correction: fix.correction, version: updated.version },
    })
    return toAnnotationDto(updated)
  }, WEBHOOK_EVENT_TX)
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


import type { QueueItem, ReviewQueuePage } from '@/lib/types/desk'
export type { QueueItem, ReviewQueuePage }

export const QUEUE_PAGE_SIZE = 50
export const QUEUE_MAX_PAGE_SIZE = 200

/** The position of an item in the queue's order (oldest first), as an opaque cursor. */
function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url')
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const createdAt = new Date(at ?? '')
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError('validation_failed', 'cursor is not one this queue gave out; start again without it.', { fields: [{ path: 'cursor', message: 'is not valid' }] })
  }
  return { createdAt, id }
}

/** Which fixes a person's review queue holds: open ones, and for a reviewer not their own. */
function queueWhere(actor: Actor, articleId?: string) {
  const canReview = can(actor.role, 'fixes.review')
  const open: Prisma.AnnotationWhereInput = { kind: 'error', status: 'open', deletedAt: null, orphaned: false, article: { deletedAt: null, status: { not: 'archived' } }, ...(articleId ? { articleId } : {}) }
  const mine: Prisma.AnnotationWhereInput = { OR: [{ createdById: actor.id }, { contributorIds: { has: actor.id } }] }
  const visible: Prisma.AnnotationWhereInput = canReview ? { AND: [open, { NOT: mine }] } : open
  return { canReview, open, mine, visible }
}

/**
 * The header's count: how many fixes wait in this person's queue (listReviewQueue's `total`), in
 * one query. Every page's header shows it, so it reads no fix, comment or article body.
 */
export async function countReviewQueue({ actor, articleId }: { actor: Actor; articleId?: string }): Promise<number> {
  assertCan(actor, 'articles.read')
  if (articleId) assertId(articleId, 'article')
  return db().annotation.count({ where: queueWhere(actor, articleId).visible })
}

/**
 * Open fixes across articles, oldest first, a page at a time, each with its sentence for a
 * redline. A reviewer sees only the fixes they may decide on (not the ones they wrote or
 * changed: `own` counts those); an editor sees every open fix, each saying why they cannot decide.
 * `total` counts what the viewer would see on all pages together.
 */
export async function listReviewQueue({
  actor,
  limit = QUEUE_PAGE_SIZE,
  cursor,
  articleId,
}: {
  actor: Actor
  limit?: number
  cursor?: string
  articleId?: string
}): Promise<ReviewQueuePage> {
  assertCan(actor, 'articles.read')
  if (articleId) assertId(articleId, 'article')
  const after = cursor ? decodeCursor(cursor) : null
  const { canReview, open, mine, visible } = queueWhere(actor, articleId)
  // One snapshot, so each fix's offsets fit the body its sentence is cut from and the counts fit
  // the page; each article's body is read once (not once per fix) and segmented once.
  const { rows, articles, total, own } = await readSnapshot(async (tx) => {
    const rows = await tx.annotation.findMany({
      where: after ? { AND: [visible, { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] } : visible,
      include: { ...WITH_AUTHOR, comments: { include: COMMENT_INCLUDE, orderBy: { createdAt: 'asc' } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit + 1,
    })
    const total = await tx.annotation.count({ where: visible })
    const own = canReview ? await tx.annotation.count({ where: { AND: [open, mine] } }) : 0
    const articles = await tx.article.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.articleId))] } },
      select: { id: true, title: true, body: true },
    })
    return { rows, articles, total, own }
  })
  const page = rows.slice(0, limit)
  const texts = new Map(articles.map((a) => [a.id, { ...a, map: new OffsetMap(a.body), sentences: splitSentences(a.body) }]))
  const items = page.map((row) => {
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
      blockedReason: !canReview ? `Only reviewers decide on fixes; you are signed in as ${actor.role}.` : ownFixReason(row, actor),
    }
  })
  return { items, total, own, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null }
}

import 'server-only'
import { AppError, fieldsError } from '@/lib/errors'
import { db } from './client'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'
import { lockAnnotation } from './annotations'

import type { CommentDto } from '@/lib/types/desk'
export type { CommentDto }

export const COMMENT_INCLUDE = { author: { select: { id: true, name: true } }, resolvedBy: { select: { id: true, name: true } } } as const

export function toCommentDto(c: { id: string; annotationId: string; parentId: string | null; body: string; resolvedAt: Date | null; createdAt: Date; author: { id: string; name: string }; resolvedBy: { id: string; name: string } | null }): CommentDto {
  return { id: c.id, annotationId: c.annotationId, parentId: c.parentId, author: c.author, body: c.body, resolvedAt: c.resolvedAt?.toISOString() ?? null, resolvedBy: c.resolvedBy, createdAt: c.createdAt.toISOString() }
}

async function visibleAnnotation(annotationId: string) {
  assertId(annotationId, 'annotation')
  const a = await db().annotation.findUnique({ where: { id: annotationId }, select: { id: true, deletedAt: true, article: { select: { deletedAt: true } } } })
  if (!a || a.deletedAt || a.article.deletedAt) throw new AppError('not_found', `No annotation with the id ${annotationId}.`)
}

/** Comments on an annotation, oldest first (roots and replies; replies name their root). */
export async function listComments({ annotationId, actor }: { annotationId: string; actor: Actor }): Promise<CommentDto[]> {
  assertCan(actor, 'articles.read')
  await visibleAnnotation(annotationId)
  const rows = await db().comment.findMany({ where: { annotationId }, include: COMMENT_INCLUDE, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
  return rows.map(toCommentDto)
}

/** Comment on an annotation, or reply in a thread (a reply to a reply joins the same thread). */
export async function addComment({ annotationId, body, parentId, actor }: { annotationId: string; body: string; parentId?: string | null; actor: Actor }): Promise<CommentDto> {
  assertCan(actor, 'comments.write')
  return db().$transaction(async (tx) => {
    // The annotation must be visible and its article writable (not archived) until this commits.
    await lockAnnotation(tx, annotationId)
    let root: string | null = null
    if (parentId) {
      assertId(parentId, 'comment')
      const parent = await tx.comment.findUnique({ where: { id: parentId }, select: { id: true, annotationId: true, parentId: true } })
      if (!parent || parent.annotationId !== annotationId) throw fieldsError([{ path: 'parentId', message: 'is not a comment on this annotation' }], 'parentId is not a comment on this annotation.')
      root = parent.parentId ?? parent.id
    }
    const row = await tx.comment.create({ data: { annotationId, parentId: root, authorId: actor.id, body }, include: COMMENT_INCLUDE })
    await recordAudit(tx, { actorId: actor.id, action: 'comment.create', entityType: 'Annotation', entityId: annotationId, after: { commentId: row.id, parentId: root, body } })
    return toCommentDto(row)
  })
}

/** Resolve or reopen a thread (its root comment). */
export async function setThreadResolved({ commentId, resolved, actor }: { commentId: string; resolved: boolean; actor: Actor }): Promise<CommentDto> {
  assertCan(actor, 'comments.write')
  assertId(commentId, 'comment')
  return db().$transaction(async (tx) => {
    const c = await tx.comment.findUnique({ where: { id: commentId }, select: { id: true, parentId: true, annotationId: true, resolvedAt: true } })
    if (!c) throw new AppError('not_found', `No comment with the id ${commentId}.`)
    await lockAnnotation(tx, c.annotationId)
    if (c.parentId) throw new AppError('validation_failed', 'Resolve the thread from its first comment, not a reply.')
    if (Boolean(c.resolvedAt) === resolved) throw new AppError('conflict', `This thread is already ${resolved ? 'resolved' : 'open'}.`)
    const row = await tx.comment.update({ where: { id: commentId }, data: resolved ? { resolvedAt: new Date(), resolvedById: actor.id } : { resolvedAt: null, resolvedById: null }, include: COMMENT_INCLUDE })
    await recordAudit(tx, { actorId: actor.id, action: resolved ? 'comment.resolve' : 'comment.reopen', entityType: 'Annotation', entityId: c.annotationId, after: { commentId } })
    return toCommentDto(row)
  })
}

/**
 * From a row of the live log (an audit event with its commit-ordered number) to the event a
 * stream sends. Pure: the hub and the replay both use it, and it is unit-tested on its own.
 */
import { changesQueue, type LiveEvent, type LiveEventData, type LiveEventName, type LiveReanchor } from '@/lib/types/live'

export type LogRow = {
  seq: bigint | string
  action: string
  entityType: string
  entityId: string | null
  articleId: string | null
  actorId: string | null
  actorName: string | null
  at: Date | string
  before: unknown
  after: unknown
  /** The annotation's kind, for events on an annotation (read with the log). */
  annotationKind: 'claim' | 'quote' | 'error' | null
}

/**
 * The only fields of an audit event's `before` and `after` a live event is made from: the log is
 * read with just these (small: kinds, states, counts, ids), never the whole rows.
 */
export const LOG_FIELDS = {
  before: ['kind', 'status'],
  after: ['kind', 'status', 'kinds', 'imported', 'reviewId', 'commentId', 'revision', 'reanchor', 'applied', 'annotationId'],
} as const

type Json = Record<string, unknown>
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {})
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

/** Audit action → (event name, type, action). Absent: not sent to pages (users, tokens …). */
const MAP: Record<string, [LiveEventName, LiveEventData['type'], string]> = {
  'annotation.create': ['annotation', 'annotation', 'created'],
  'annotation.update': ['annotation', 'annotation', 'updated'],
  'annotation.delete': ['annotation', 'annotation', 'deleted'],
  'annotation.dismiss': ['annotation', 'annotation', 'dismissed'],
  'annotation.reattach': ['annotation', 'annotation', 'reattached'],
  // Many annotations at once (a W3C import): one event, the page refetches its list.
  'annotation.import': ['annotation', 'annotation', 'imported'],
  // A revision changed the words under a pending fix: it is open again and needs a fresh review.
  'fix.text_changed': ['annotation', 'annotation', 'updated'],
  'fix.approve': ['review', 'review', 'approved'],
  'fix.reject': ['review', 'review', 'rejected'],
  // A reviewer took their decision back: the fix is open again.
  'fix.review_undo': ['review', 'review', 'undone'],
  'comment.create': ['comment', 'comment', 'created'],
  'comment.resolve': ['comment', 'comment', 'resolved'],
  'comment.reopen': ['comment', 'comment', 'reopened'],
  'article.revise': ['revision', 'revision', 'created'],
  'article.publish': ['revision', 'revision', 'published'],
  'article.create': ['article', 'article', 'created'],
  'article.update': ['article', 'article', 'updated'],
  'article.delete': ['article', 'article', 'deleted'],
  'article.restore': ['article', 'article', 'restored'],
  'suggestion.accept': ['suggestion', 'suggestion', 'accepted'],
  'suggestion.dismiss': ['suggestion', 'suggestion', 'dismissed'],
  'suggestion.undo': ['suggestion', 'suggestion', 'reopened'],
  'suggestion.restore': ['suggestion', 'suggestion', 'restored'],
  'source.create': ['suggestion', 'source', 'created'],
  'source.delete': ['suggestion', 'source', 'deleted'],
}

/** The event a page may receive for this log row, or null (not an article's event). */
export function toLiveEvent(row: LogRow): LiveEvent | null {
  const mapped = MAP[row.action]
  if (!mapped || !row.articleId) return null
  const [name, type, action] = mapped
  const before = obj(row.before)
  const after = obj(row.after)
  const data: LiveEventData = {
    type,
    action,
    id: row.entityId ?? row.articleId,
    articleId: row.articleId,
    actor: { id: row.actorId ?? '', name: row.actorName ?? 'Galley' },
    at: typeof row.at === 'string' ? row.at : row.at.toISOString(),
  }
  if (type === 'annotation' && action === 'imported') {
    const kinds = Array.isArray(after.kinds) ? after.kinds : []
    // An imported fix changes the review queue: the event says `error` when there is one.
    data.kind = (kinds.includes('error') ? 'error' : kinds.find((k) => k === 'claim' || k === 'quote')) as LiveEventData['kind']
    data.status = 'open'
    const count = num(after.imported)
    if (count !== undefined) data.count = count
  } else if (type === 'annotation') {
    data.kind = row.annotationKind ?? (str(after.kind) ?? str(before.kind)) as LiveEventData['kind']
    const status = str(after.status) ?? (action === 'deleted' || action === 'dismissed' ? undefined : str(before.status))
    if (status) data.status = status
  } else if (type === 'review') {
    data.id = str(after.reviewId) ?? data.id
    data.annotationId = row.entityId ?? undefined
    data.kind = 'error'
    data.status = str(after.status)
  } else if (type === 'comment') {
    data.id = str(after.commentId) ?? data.id
    data.annotationId = row.entityId ?? undefined
    data.kind = row.annotationKind ?? undefined
  } else if (type === 'revision') {
    const revision = num(after.revision)
    if (revision !== undefined) {
      data.revision = revision
      data.id = String(revision)
    }
    if (action === 'created') data.reanchor = obj(after.reanchor) as LiveReanchor
    if (action === 'published' && Array.isArray(after.applied)) data.applied = after.applied.filter((x): x is string => typeof x === 'string')
  } else if (type === 'article') {
    const status = str(after.status)
    if (status) data.status = status
  } else if (type === 'suggestion') {
    const annotationId = str(after.annotationId)
    if (annotationId) data.annotationId = annotationId
  }
  return { seq: String(row.seq), name, data }
}

/**
 * Whether the review queue shows this event: fixes created, changed, dismissed or re-attached,
 * reviews, publications (fixes applied) and articles deleted or restored (their fixes go or
 * come back).
 */
export function isQueueEvent(event: LiveEvent): boolean {
  return changesQueue(event.data)
}

/** A log row that changes who may watch (a user's role, status or password, a token revoked). */
export function affectsAccess(row: Pick<LogRow, 'entityType' | 'action'>): boolean {
  return row.entityType === 'User' || (row.entityType === 'ApiToken' && row.action === 'token.revoke')
}

/** One SSE frame. Data is JSON on a single line; ids and names never contain newlines. */
export function sseFrame(event: { seq: string; name: string; data: unknown }): string {
  return `id: ${event.seq}\nevent: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`
}

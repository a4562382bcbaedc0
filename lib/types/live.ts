/**
 * What the live streams send (GET /api/articles/:id/events, /api/review-queue/events,
 * /api/events). Client-safe: pages and components import these types, never the data layer.
 */

import { count } from '@/lib/format/words'

/** The SSE `event:` names. `article` (title, status, deletion) extends the contract's list. */
export const LIVE_EVENT_NAMES = ['annotation', 'suggestion', 'review', 'comment', 'revision', 'presence', 'article'] as const
export type LiveEventName = (typeof LIVE_EVENT_NAMES)[number]

export type LiveActor = { id: string; name: string }

export type PresenceViewer = { id: string; name: string; since: string }

/** Re-anchoring counts of a new revision (how many annotations kept, moved or lost their place). */
export type LiveReanchor = { exact?: number; moved?: number; fuzzy?: number; orphaned?: number; restored?: number; reviewAgain?: number; [k: string]: number | undefined }

export type LiveEventData = {
  /** What changed: annotation, suggestion, source, review, comment, revision, article, presence. */
  type: 'annotation' | 'suggestion' | 'source' | 'review' | 'comment' | 'revision' | 'article' | 'presence'
  /** created, updated, deleted, dismissed, reattached, approved, rejected, resolved, reopened, published, accepted, joined, left … */
  action: string
  /** The changed thing's id (for a revision, its number; for presence, the user's id). */
  id: string
  articleId: string
  actor: LiveActor
  at: string
  /** The annotation a review, comment or accepted suggestion belongs to. */
  annotationId?: string
  /** For annotation events: claim, quote or error. */
  kind?: 'claim' | 'quote' | 'error'
  /** Status after the change, where there is one. */
  status?: string
  /** For revision events: the revision number, and what re-anchoring did. */
  revision?: number
  reanchor?: LiveReanchor
  /** For article.publish: the fixes that were applied. */
  applied?: string[]
  /** For `imported` annotation events: how many annotations the import added. */
  count?: number
  /** For presence events: who has the article open now. */
  viewers?: PresenceViewer[]
}

/** One event as sent: its log position (SSE id), its name and its data. */
export type LiveEvent = { seq: string; name: LiveEventName; data: LiveEventData }

/**
 * Sent (as `event: error`) just before the server ends a stream: for `unavailable` the client
 * reconnects; for the others it stops (signed out, no longer allowed, article deleted).
 */
export type LiveStreamEnd = { code: 'unauthorized' | 'forbidden' | 'not_found' | 'unavailable'; message: string }

/** Events that change the review queue (and its count in the header). */
export function changesQueue(d: LiveEventData): boolean {
  if (d.type === 'review') return true
  if (d.type === 'annotation') return d.kind === 'error'
  if (d.type === 'revision') return true
  if (d.type === 'article') return d.action === 'deleted' || d.action === 'restored'
  if (d.type === 'suggestion') return d.action === 'accepted'
  return false
}

/** A colleague's change in one short sentence, for the page's polite live region ("Ana approved a fix."). */
export function describeLiveEvent(d: LiveEventData): string | null {
  const who = d.actor.name
  const thing = d.kind === 'error' ? 'a fix' : d.kind ? `a ${d.kind}` : 'an annotation'
  switch (d.type) {
    case 'annotation':
      if (d.action === 'imported') return `${who} imported ${d.count === undefined ? 'some annotations' : count(d.count, 'annotation')}.`
      return `${who} ${d.action === 'created' ? 'added' : d.action} ${thing}.`
    case 'review':
      return d.action === 'undone' ? `${who} took back a decision on a fix.` : `${who} ${d.action} a fix.`
    case 'comment':
      return `${who} ${d.action === 'created' ? 'commented on' : `${d.action} a comment on`} an annotation.`
    case 'suggestion':
      if (d.action === 'reopened') return `${who} undid a decision on a suggestion.`
      return d.action === 'accepted' || d.action === 'dismissed' || d.action === 'restored' ? `${who} ${d.action} a suggestion.` : null
    case 'revision':
      return d.revision !== undefined ? `${who} ${d.action === 'published' ? 'published' : 'saved'} revision ${d.revision}.` : null
    case 'article':
      return d.action === 'deleted' ? `${who} deleted this article.` : `${who} changed the article's details.`
    default:
      return null
  }
}

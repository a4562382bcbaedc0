/**
 * The desk's data as the API and pages hand it out (DTOs). Client-safe: components import these,
 * never the data layer (lib/db re-exports them for its own callers).
 */
import type { Role } from '@/lib/auth/permissions'

export type AnnotationDto = {
  id: string
  articleId: string
  kind: 'claim' | 'quote' | 'error'
  start: number
  end: number
  exact: string
  prefix: string
  suffix: string
  correction: string | null
  category: string | null
  note: string
  verdict: string | null
  speaker: string | null
  verified: boolean | null
  sources: string[]
  status: 'open' | 'approved' | 'rejected' | 'applied'
  /** For an applied fix, the words it replaced. */
  originalExact: string | null
  /** For an approved fix, the words and correction the reviewer approved (publishing checks them). */
  approvedExact: string | null
  approvedCorrection: string | null
  /**
   * Set when a revision or a re-attach changed the words under this fix after it was proposed or
   * approved: the words it was for, the revision that changed them, and whether it had been
   * approved. Such a fix is open and needs a (fresh) review.
   */
  textChanged: { from: string; revision: number | null; wasApproved: boolean } | null
  /** Everyone who wrote its words or correction; none of them may review it. */
  contributors: string[]
  orphaned: boolean
  /** For a claim: the claim checked before whose verdict and sources it reused (absent on the page's compact list). */
  basedOn?: string | null
  /** Fixes made together ("fix every occurrence") share a group and are reviewed together (absent on the page's compact list). */
  groupId?: string | null
  version: number
  createdBy: string
  createdByName: string
  createdAt: string
  updatedAt: string
}

/**
 * The live fix a second save of the same fix ran into: a 409's `details.sameFix` (issue 22), so a
 * page can name it and jump to it.
 */
export type SameFixDto = { id: string; start: number; end: number; exact: string; correction: string; status: string; createdByName: string; createdAt: string }

/** The answer to "fix every occurrence": the fixes made, and the group they share with the first. */
export type OccurrencesResult = { groupId: string | null; fix: AnnotationDto; created: AnnotationDto[]; alreadyFixed: SameFixDto[] }

/** A reviewer's decision on a fix, with their reason (`comment`, "" when none was given). */
export type ReviewDto = {
  id: string
  annotationId: string
  reviewerId: string
  reviewerName: string
  decision: 'approve' | 'reject'
  comment: string
  at: string
}

export type CommentDto = {
  id: string
  annotationId: string
  parentId: string | null
  author: { id: string; name: string }
  body: string
  resolvedAt: string | null
  resolvedBy: { id: string; name: string } | null
  createdAt: string
}

export type UserSummary = { id: string; email: string; name: string; role: Role; active: boolean }

export type TokenDto = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null }

export type QueueItem = {
  fix: AnnotationDto
  article: { id: string; title: string }
  /** The sentence around the fix, split so the UI can show a redline. */
  context: { before: string; exact: string; after: string }
  /** Why the viewer cannot decide on it, if they cannot. */
  blockedReason: string | null
  comments: CommentDto[]
}

export type ReviewQueuePage = {
  items: QueueItem[]
  /** Open fixes the viewer may review (for reviewers, their own are left out), across all pages. */
  total: number
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
  /** Open fixes the viewer wrote or changed: waiting for another reviewer, not listed here. */
  own: number
}

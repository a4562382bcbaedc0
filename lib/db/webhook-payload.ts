import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import { AppError } from '@/lib/errors'
import { correctedArticle, exportContextFrom, renderExport, type ExportContext } from '@/lib/export/article-export'
import { toClaimReviews } from '@/lib/export/claim-review'
import type { Actor } from './authorize'
import { readExportData } from './exports'

type Tx = Prisma.TransactionClient

/**
 * A webhook delivery's body, written in the transaction of its event: the trigger on the audit
 * trail (migration 20261202070000_webhooks) inserts one delivery row per subscribed webhook when
 * the event's audit row is inserted, and recordAudit then fills their bodies here, from what that
 * transaction sees — the article as the event left it, not as it is whenever the worker gets to it
 * (a title changed a moment later, a second fix approved meanwhile). Every attempt then sends
 * these bytes.
 */

/** Reads for a delivery's body are the desk's own, not a person's. */
const SYSTEM: Actor = { id: '00000000-0000-0000-0000-000000000000', email: 'galley@localhost', name: 'Galley', role: 'admin' }

/** Links in payloads: GALLEY_PUBLIC_URL, else http://localhost (there is no request to take a host from). */
export function webhookExportContext(): ExportContext {
  return exportContextFrom(process.env, { url: process.env.GALLEY_PUBLIC_URL || 'http://localhost', headers: new Headers() })
}

export type PayloadEvent = {
  event: string
  articleId: string | null
  entityId: string | null
  audit: { action: string; at: Date; actor: { id: string; name: string } | null; after: unknown } | null
  /** When the audit row is gone (never, it is append-only) the delivery's own time. */
  fallbackAt: Date
}

/** Articles already read and rendered for payloads in this transaction (writeDeliveryBodies of several events). */
export type PayloadCache = Map<string, { data: Awaited<ReturnType<typeof readExportData>>; article: Record<string, unknown> }>

/**
 * The payload without its `id` (each delivery's own): the event, the article (its text corrected,
 * as HTML too, its corrections note and ClaimReview), and for a review the fix and the decision.
 */
export async function buildPayload(tx: Tx, e: PayloadEvent, context: ExportContext, cache?: PayloadCache): Promise<Record<string, unknown>> {
  const base = { event: e.event, at: (e.audit?.at ?? e.fallbackAt).toISOString(), actor: e.audit?.actor ?? null }
  if (!e.articleId) return { ...base, article: null }
  let cached = cache?.get(e.articleId)
  if (!cached) {
    let data
    try {
      data = await readExportData(tx, { articleId: e.articleId, actor: SYSTEM })
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return { ...base, article: { id: e.articleId, deleted: true } }
      throw err
    }
    cached = { data, article: renderArticle(data, context) }
    cache?.set(e.articleId, cached)
  }
  const { data, article } = cached
  const after = (e.audit?.after ?? {}) as Record<string, unknown>
  // The reviewer's comment whole, from the review itself (the audit row keeps 2,000 characters of a text).
  const reviewRow = e.event === 'annotation.reviewed' && typeof after.reviewId === 'string' ? await tx.review.findUnique({ where: { id: after.reviewId }, select: { comment: true } }) : null
  const review =
    e.event === 'annotation.reviewed'
      ? (() => {
          const fix = data.annotations.find((x) => x.id === e.entityId)
          const comment = reviewRow?.comment ?? (typeof after.comment === 'string' ? after.comment : '')
          return { decision: e.audit?.action === 'fix.approve' ? 'approved' : e.audit?.action === 'fix.review_undo' ? 'undone' : 'rejected', comment, fix: fix ? { id: fix.id, exact: fix.exact, correction: fix.correction, category: fix.category, status: fix.status } : { id: e.entityId } }
        })()
      : undefined
  const applied = e.event === 'article.corrected' && Array.isArray(after.applied) ? { applied: after.applied } : {}
  return { ...base, article, ...(review ? { review } : {}), ...applied }
}

/** The article part of a payload: its text corrected, as HTML too, its corrections note and ClaimReview. */
function renderArticle(data: Awaited<ReturnType<typeof readExportData>>, context: ExportContext): Record<string, unknown> {
  const { text, note } = correctedArticle(data)
  const a = data.article
  return {
    id: a.id,
    title: a.title,
    sourceUrl: a.sourceUrl,
    status: a.status,
    revision: a.revision,
    url: `${context.origin}/articles/${a.id}`,
    correctedText: text,
    correctedHtml: renderExport('html', data, context).body,
    correctionsNote: note,
    claimReview: toClaimReviews(data, context, context.publisher),
  }
}

/** The body one delivery sends: its id first, then the event's payload. */
export const deliveryBody = (id: string, payload: Record<string, unknown>) => JSON.stringify({ id, ...payload })

/**
 * Fill the bodies of the deliveries the trigger wrote for audit event `auditId`, inside the
 * transaction that wrote it (called by recordAudit). Nothing to do, and one cheap query, when no
 * webhook listens for the event.
 */
export async function writeDeliveryBodies(tx: Tx, audit: { id: bigint; action: string; at: Date; actorId: string | null; after: unknown }, cache?: PayloadCache): Promise<void> {
  const rows = await tx.webhookDelivery.findMany({ where: { auditId: audit.id }, select: { id: true, event: true, articleId: true, entityId: true } })
  if (!rows.length) return
  const actor = audit.actorId ? await tx.user.findUnique({ where: { id: audit.actorId }, select: { id: true, name: true } }) : null
  const context = webhookExportContext()
  // One event, one payload: every delivery of it differs only in its id.
  const first = rows[0]
  let payload: Record<string, unknown>
  try {
    payload = await buildPayload(tx, { event: first.event, articleId: first.articleId, entityId: first.entityId, audit: { action: audit.action, at: audit.at, actor, after: audit.after }, fallbackAt: audit.at }, context, cache)
  } catch (err) {
    // A payload that cannot be rendered must not refuse the change itself: the deliveries keep no
    // body and the worker builds one at the first attempt (as for deliveries queued before bodies
    // were written here). A database error has aborted the transaction anyway, and fails its commit.
    console.error(`[webhooks] the payload of audit event ${audit.id} (${audit.action}) could not be built; it will be built when sent:`, (err as Error).message)
    return
  }
  const ids = rows.map((r) => r.id)
  const bodies = rows.map((r) => deliveryBody(r.id, payload))
  await tx.$executeRaw`
    UPDATE "WebhookDelivery" d SET body = v.body
    FROM (SELECT unnest(${ids}::uuid[]) AS id, unnest(${bodies}::text[]) AS body) v
    WHERE d.id = v.id`
}

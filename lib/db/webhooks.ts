import 'server-only'
import crypto from 'node:crypto'
import { AppError } from '@/lib/errors'
import type { WebhookAttemptDto, WebhookDeliveryDto, WebhookDto } from '@/lib/types/webhooks'
import type { WebhookEvent } from '@/lib/validation/webhooks'
import { db } from './client'
import { recordAudit } from './audit'
import { assertCan, assertId, assertPerson, type Actor } from './authorize'
import { getExportData } from './exports'
import { correctedArticle, renderExport, type ExportContext } from '@/lib/export/article-export'
import { toClaimReviews } from '@/lib/export/claim-review'

/**
 * Webhooks: admins register receivers; deliveries are written by a trigger in the transaction of
 * each change (migration 20261202070000_webhooks); lib/webhooks/worker.ts sends them. Everything
 * here is the data side: registering, listing, claiming due deliveries and recording attempts.
 */

const DAY_MS = 24 * 3_600_000

export async function createWebhook({ input, actor }: { input: { url: string; events: WebhookEvent[]; secret?: string }; actor: Actor }): Promise<WebhookDto & { secret: string }> {
  assertCan(actor, 'users.manage')
  assertPerson(actor, 'register webhooks')
  const secret = input.secret ?? `whsec_${crypto.randomBytes(24).toString('base64url')}`
  const events = [...new Set(input.events)]
  return db().$transaction(async (tx) => {
    const row = await tx.webhook.create({ data: { url: input.url, secret, events, createdById: actor.id }, include: { createdBy: { select: { id: true, name: true } } } })
    // The secret never goes into the audit trail.
    await recordAudit(tx, { actorId: actor.id, action: 'webhook.create', entityType: 'Webhook', entityId: row.id, after: { url: row.url, events } })
    return { id: row.id, url: row.url, events: row.events, createdAt: row.createdAt.toISOString(), createdBy: row.createdBy, pending: 0, failed: 0, secret }
  })
}

export async function listWebhooks({ actor }: { actor: Actor }): Promise<WebhookDto[]> {
  assertCan(actor, 'users.manage')
  const rows = await db().webhook.findMany({ where: { deletedAt: null }, include: { createdBy: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' } })
  const counts = await db().webhookDelivery.groupBy({ by: ['webhookId', 'status'], where: { webhookId: { in: rows.map((r) => r.id) }, status: { in: ['pending', 'failed'] } }, _count: true })
  const count = (id: string, status: string) => counts.find((c) => c.webhookId === id && c.status === status)?._count ?? 0
  return rows.map((r) => ({ id: r.id, url: r.url, events: r.events, createdAt: r.createdAt.toISOString(), createdBy: r.createdBy, pending: count(r.id, 'pending'), failed: count(r.id, 'failed') }))
}

/** Stop sending to a webhook (kept, with its deliveries, for the record). */
export async function deleteWebhook({ id, actor }: { id: string; actor: Actor }): Promise<void> {
  assertCan(actor, 'users.manage')
  assertId(id, 'webhook')
  await db().$transaction(async (tx) => {
    const { count } = await tx.webhook.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } })
    if (!count) throw new AppError('not_found', `No webhook with the id ${id}.`)
    // Nothing more is sent for it, retries included.
    await tx.webhookDelivery.updateMany({ where: { webhookId: id, status: 'pending' }, data: { status: 'failed', lastError: 'The webhook was deleted.' } })
    await recordAudit(tx, { actorId: actor.id, action: 'webhook.delete', entityType: 'Webhook', entityId: id })
  })
}

type DeliveryRow = { id: string; webhookId: string; event: string; articleId: string | null; status: 'pending' | 'delivered' | 'failed'; nextAttemptAt: Date; deliveredAt: Date | null; createdAt: Date; attemptsList: Array<{ at: Date; statusCode: number | null; durationMs: number; error: string | null }> }

function toDeliveryDto(d: DeliveryRow): WebhookDeliveryDto {
  const attempts: WebhookAttemptDto[] = d.attemptsList.map((a) => ({ at: a.at.toISOString(), statusCode: a.statusCode, durationMs: a.durationMs, error: a.error }))
  return { id: d.id, webhookId: d.webhookId, event: d.event, articleId: d.articleId, status: d.status, attempts, nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null, deliveredAt: d.deliveredAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString() }
}

/** A webhook's deliveries, newest first, each with its attempts (status codes, timings). */
export async function listDeliveries({ webhookId, actor, limit = 100 }: { webhookId: string; actor: Actor; limit?: number }): Promise<WebhookDeliveryDto[]> {
  assertCan(actor, 'users.manage')
  assertId(webhookId, 'webhook')
  if (!(await db().webhook.count({ where: { id: webhookId } }))) throw new AppError('not_found', `No webhook with the id ${webhookId}.`)
  const rows = await db().webhookDelivery.findMany({ where: { webhookId }, include: { attemptsList: { orderBy: { at: 'asc' } } }, orderBy: { createdAt: 'desc' }, take: limit })
  return rows.map(toDeliveryDto)
}

/** One delivery with every attempt (admin): what a receiver's log names by X-Galley-Delivery. */
export async function getDelivery({ id, actor }: { id: string; actor: Actor }): Promise<WebhookDeliveryDto> {
  assertCan(actor, 'users.manage')
  assertId(id, 'delivery')
  const row = await db().webhookDelivery.findUnique({ where: { id }, include: { attemptsList: { orderBy: { at: 'asc' } } } })
  if (!row) throw new AppError('not_found', `No delivery with the id ${id}.`)
  return toDeliveryDto(row)
}

/** Send a delivery again, now: the same id and the same body (the receiver de-duplicates by the id). */
export async function redeliver({ id, actor }: { id: string; actor: Actor }): Promise<WebhookDeliveryDto> {
  assertCan(actor, 'users.manage')
  assertId(id, 'delivery')
  return db().$transaction(async (tx) => {
    const row = await tx.webhookDelivery.findUnique({ where: { id }, include: { webhook: { select: { deletedAt: true } } } })
    if (!row) throw new AppError('not_found', `No delivery with the id ${id}.`)
    if (row.webhook.deletedAt) throw new AppError('conflict', 'Its webhook was deleted: nothing is sent to it any more.')
    const updated = await tx.webhookDelivery.update({ where: { id }, data: { status: 'pending', nextAttemptAt: new Date(), lockedUntil: null, deliveredAt: null }, include: { attemptsList: { orderBy: { at: 'asc' } } } })
    await recordAudit(tx, { actorId: actor.id, action: 'webhook.redeliver', entityType: 'Webhook', entityId: row.webhookId, after: { deliveryId: id } })
    return toDeliveryDto(updated)
  })
}

// ── The worker's side ─────────────────────────────────────────────────────────────────────

export type DueDelivery = { id: string; event: string; articleId: string | null; entityId: string | null; auditId: bigint; body: string | null; attempts: number; createdAt: Date; url: string; secret: string }

/**
 * Take up to `limit` due deliveries for `leaseMs`: FOR UPDATE SKIP LOCKED, so instances working at
 * once never take the same one; the lease frees it for another if this one dies mid-send.
 */
export async function claimDueDeliveries(limit: number, leaseMs: number): Promise<DueDelivery[]> {
  return db().$queryRaw<DueDelivery[]>`
    UPDATE "WebhookDelivery" d SET "lockedUntil" = now() + make_interval(secs => ${leaseMs / 1000})
    FROM "Webhook" w
    WHERE w.id = d."webhookId" AND d.id IN (
      SELECT id FROM "WebhookDelivery"
      WHERE status = 'pending' AND "nextAttemptAt" <= now() AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
      ORDER BY "nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING d.id, d.event, d."articleId", d."entityId", d."auditId", d.body, d.attempts, d."createdAt", w.url, w.secret`
}

/** The body of a delivery: the first one stored wins, so every attempt sends exactly the same bytes. */
export async function fixDeliveryBody(id: string, body: string): Promise<string> {
  const [row] = await db().$queryRaw<Array<{ body: string }>>`
    UPDATE "WebhookDelivery" SET body = COALESCE(body, ${body}) WHERE id = ${id}::uuid RETURNING body`
  return row.body
}

/** Delay before attempt n+1 after n failed: 5 s, 10 s, 20 s … at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(3_600_000, 5_000 * 2 ** Math.max(0, failedAttempts - 1))
}

/** Record one attempt and what follows from it: delivered, a retry later, or given up after 24 h. */
export async function recordAttempt(d: Pick<DueDelivery, 'id' | 'attempts' | 'createdAt'>, outcome: { statusCode: number | null; durationMs: number; error: string | null }): Promise<'delivered' | 'retry' | 'failed'> {
  const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300
  const attempts = d.attempts + 1
  const giveUp = !ok && Date.now() + retryDelayMs(attempts) - d.createdAt.getTime() > DAY_MS
  const next = ok ? 'delivered' : giveUp ? 'failed' : 'retry'
  await db().$transaction([
    db().webhookAttempt.create({ data: { deliveryId: d.id, statusCode: outcome.statusCode, durationMs: outcome.durationMs, error: outcome.error?.slice(0, 500) ?? null } }),
    db().webhookDelivery.update({
      where: { id: d.id },
      data: {
        attempts,
        lastStatus: outcome.statusCode,
        lastError: outcome.error?.slice(0, 500) ?? null,
        lockedUntil: null,
        ...(ok ? { status: 'delivered', deliveredAt: new Date() } : giveUp ? { status: 'failed' } : { nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)) }),
      },
    }),
  ])
  return next
}

/** Reads for a delivery's body are the desk's own, not a person's. */
const SYSTEM: Actor = { id: '00000000-0000-0000-0000-000000000000', email: 'galley@localhost', name: 'Galley', role: 'admin' }

/**
 * What a delivery sends: the event, the article (its text corrected, as HTML too, its
 * corrections note and ClaimReview), and for a review the fix and the decision. Built once, at the
 * first attempt (fixDeliveryBody keeps it), from the article as it is then.
 */
export async function buildDeliveryBody(d: DueDelivery, context: ExportContext): Promise<string> {
  const audit = await db().auditEvent.findUnique({ where: { id: d.auditId }, include: { actor: { select: { id: true, name: true } } } })
  const base = { id: d.id, event: d.event, at: (audit?.at ?? d.createdAt).toISOString(), actor: audit?.actor ?? null }
  if (!d.articleId) return JSON.stringify({ ...base, article: null })
  let data
  try {
    data = await getExportData({ articleId: d.articleId, actor: SYSTEM })
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return JSON.stringify({ ...base, article: { id: d.articleId, deleted: true } })
    throw err
  }
  const { text, note } = correctedArticle(data)
  const a = data.article
  const article = {
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
  const after = (audit?.after ?? {}) as Record<string, unknown>
  const review =
    d.event === 'annotation.reviewed'
      ? (() => {
          const fix = data.annotations.find((x) => x.id === d.entityId)
          return { decision: audit?.action === 'fix.approve' ? 'approved' : 'rejected', comment: typeof after.comment === 'string' ? after.comment : '', fix: fix ? { id: fix.id, exact: fix.exact, correction: fix.correction, category: fix.category, status: fix.status } : { id: d.entityId } }
        })()
      : undefined
  const applied = d.event === 'article.corrected' && Array.isArray(after.applied) ? { applied: after.applied } : {}
  return JSON.stringify({ ...base, article, ...(review ? { review } : {}), ...applied })
}

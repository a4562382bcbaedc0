import 'server-only'
import { AppError, fieldsError } from '@/lib/errors'
import type { WebhookAttemptDto, WebhookDeliveryDto, WebhookDto } from '@/lib/types/webhooks'
import type { WebhookEvent } from '@/lib/validation/webhooks'
import type { ExportContext } from '@/lib/export/article-export'
import { webhookUrlProblem } from '@/lib/webhooks/deliver'
import { shownError } from '@/lib/webhooks/outcome'
import { generateSecret } from '@/lib/webhooks/signature'
import { db, readSnapshot } from './client'
import { recordAudit } from './audit'
import { assertCan, assertId, assertPerson, type Actor } from './authorize'
import { buildPayload, deliveryBody } from './webhook-payload'

/**
 * Webhooks: admins register receivers; deliveries are written by a trigger in the transaction of
 * each change (migration 20261202070000_webhooks), with their bodies (lib/db/webhook-payload.ts);
 * lib/webhooks/worker.ts sends them. Everything here is the data side: registering, listing,
 * claiming due deliveries and recording attempts.
 */

const DAY_MS = 24 * 3_600_000

export async function createWebhook({ input, actor }: { input: { url: string; events: WebhookEvent[]; secret?: string }; actor: Actor }): Promise<WebhookDto & { secret: string }> {
  assertCan(actor, 'users.manage')
  assertPerson(actor, 'register webhooks')
  // Not inside the server's own networks (unless the operator opted in), nor ever cloud metadata.
  // The connect-time guard is the barrier at every attempt; this says so while the admin is here.
  const problem = await webhookUrlProblem(input.url)
  if (problem) throw fieldsError([{ path: 'url', message: problem }], `url: ${problem}`)
  const secret = input.secret ?? generateSecret()
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
  // A category, never a raw socket error (one stored before categories existed is mapped).
  const attempts: WebhookAttemptDto[] = d.attemptsList.map((a) => ({ at: a.at.toISOString(), statusCode: a.statusCode, durationMs: a.durationMs, error: shownError(a.error) }))
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

/**
 * The body of a delivery queued before bodies were written with their events (none is queued
 * without one now): built once, at its first attempt, from the article as it is then.
 */
export async function buildLegacyDeliveryBody(d: DueDelivery, context: ExportContext): Promise<string> {
  return readSnapshot(async (tx) => {
    const audit = await tx.auditEvent.findUnique({ where: { id: d.auditId }, include: { actor: { select: { id: true, name: true } } } })
    const payload = await buildPayload(tx, { event: d.event, articleId: d.articleId, entityId: d.entityId, audit: audit && { action: audit.action, at: audit.at, actor: audit.actor, after: audit.after }, fallbackAt: d.createdAt }, context)
    return deliveryBody(d.id, payload)
  })
}

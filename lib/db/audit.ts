import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'

type Tx = Prisma.TransactionClient

export type AuditInput = {
  actorId: string | null
  action: string
  entityType: string
  entityId?: string | null
  before?: unknown
  after?: unknown
}

/** JSON-safe copy (Dates → ISO strings) for the before/after columns. */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue
}

/**
 * Options for a transaction that may record a webhook event: its deliveries' bodies (the article's
 * corrected text and HTML) are rendered in it, which for a long article takes longer than the
 * default 5 s allows under load.
 */
export const WEBHOOK_EVENT_TX = { timeout: 30_000, maxWait: 10_000 } as const

/** Whether an audit event is a webhook event (as the trigger galley_webhook_enqueue decides). */
const isWebhookEvent = (action: string, after: unknown) =>
  action === 'article.publish' || action === 'fix.approve' || action === 'fix.reject' || action === 'fix.review_undo' || (action === 'article.update' && (after as { status?: unknown } | null)?.status === 'published')

/** An audit row whose webhook deliveries' bodies are still to be written (recordAudit's `bodies: 'later'`). */
export type RecordedAudit = { id: bigint; action: string; at: Date; actorId: string | null; after: unknown }

/**
 * Append an audit event inside the caller's transaction, so the event exists exactly when the
 * change it describes does. When it is a webhook event, the deliveries its trigger wrote get their
 * bodies here too, in the same transaction (lib/db/webhook-payload.ts) — or, with `bodies:
 * 'later'`, the row is returned for the caller to write them once its last change is made.
 */
export async function recordAudit(tx: Tx, event: AuditInput, { bodies = 'now' }: { bodies?: 'now' | 'later' } = {}): Promise<RecordedAudit | null> {
  const row = await tx.auditEvent.create({
    data: {
      actorId: event.actorId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      before: toJson(event.before),
      after: toJson(event.after),
    },
    select: { id: true, action: true, at: true, actorId: true, after: true },
  })
  if (!isWebhookEvent(row.action, row.after)) return null
  // 'later': the caller makes more changes in this transaction and then writes the bodies of all
  // its events at once (writeDeliveryBodies with one render of the article, as it is at the end).
  if (bodies === 'later') return row
  // Imported when needed: the payload reads the article through modules that record audits themselves.
  const { writeDeliveryBodies } = await import('./webhook-payload')
  await writeDeliveryBodies(tx, row)
  return null
}

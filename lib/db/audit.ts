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
 * Append an audit event inside the caller's transaction, so the event exists exactly when the
 * change it describes does.
 */
export async function recordAudit(tx: Tx, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: event.actorId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      before: toJson(event.before),
      after: toJson(event.after),
    },
  })
}

import 'server-only'
import { buildLegacyDeliveryBody, claimDueDeliveries, fixDeliveryBody, recordAttempt, type DueDelivery } from '@/lib/db/webhooks'
import { webhookExportContext } from '@/lib/db/webhook-payload'
import { postWebhook } from './deliver'
import { legacySignature, standardHeaders } from './signature'

/**
 * Sends webhook deliveries, in every app instance (started by instrumentation.ts) unless
 * GALLEY_WEBHOOK_WORKER=0: every second it takes the due ones (FOR UPDATE SKIP LOCKED, with a
 * lease), POSTs each — through the address guard, signed as Standard Webhooks has it — and records
 * the attempt. A crash between the commit and the send loses nothing: the row is in the database,
 * and the next instance up (or this one restarted) sends it when its lease ends.
 */
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : fallback
}
const POLL_MS = num('GALLEY_WEBHOOK_POLL_MS', 1_000)
export const TIMEOUT_MS = num('GALLEY_WEBHOOK_TIMEOUT_MS', 10_000)
/** How long a claimed delivery is held by the instance sending it (a crash frees it after this). */
const LEASE_MS = num('GALLEY_WEBHOOK_LEASE_MS', TIMEOUT_MS + 20_000)
const BATCH = 10

async function send(d: DueDelivery): Promise<void> {
  const started = performance.now()
  let outcome: { statusCode: number | null; error: string | null }
  try {
    // The body was written with the event (lib/db/webhook-payload.ts); only a delivery queued
    // before that was so has none, and gets it built now, once.
    const body = d.body ?? (await fixDeliveryBody(d.id, await buildLegacyDeliveryBody(d, webhookExportContext())))
    outcome = await postWebhook({
      url: d.url,
      body,
      timeoutMs: TIMEOUT_MS,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Galley-Webhooks/1',
        // Standard Webhooks: the id is the delivery's (the same on every attempt), the timestamp and signature this attempt's.
        ...standardHeaders(d.secret, d.id, body),
        'x-galley-event': d.event,
        'x-galley-delivery': d.id,
        'x-galley-signature': legacySignature(d.secret, body),
      },
    })
  } catch (err) {
    // Galley's own failure (its database, say): nothing was sent; the log says why.
    console.error(`[webhooks] delivery ${d.id} could not be prepared:`, (err as Error).message)
    outcome = { statusCode: null, error: 'not sent' }
  }
  await recordAttempt(d, { ...outcome, durationMs: Math.round(performance.now() - started) })
}

/**
 * Deliveries in flight on this instance. Each is sent on its own: a receiver that hangs until the
 * timeout holds only its own delivery, never the others due meanwhile (to it or to other hooks).
 * While more are due than fit in flight, each one finished makes room for the next at once rather
 * than at the next tick, so a backlog (a receiver down for an hour, many webhooks) drains at the
 * speed of the receivers, not 20 a second.
 */
const inFlight = new Set<string>()
const MAX_IN_FLIGHT = 20
let claiming = false
/** The last claim stopped because no room was left, not because nothing more was due. */
let backlog = false
async function tick() {
  if (claiming) return
  claiming = true
  try {
    backlog = false
    while (inFlight.size < MAX_IN_FLIGHT) {
      const room = Math.min(BATCH, MAX_IN_FLIGHT - inFlight.size)
      const due = await claimDueDeliveries(room, LEASE_MS)
      for (const d of due) {
        inFlight.add(d.id)
        void send(d)
          .catch((err) => console.error('[webhooks] could not record an attempt:', (err as Error).message))
          .finally(() => {
            inFlight.delete(d.id)
            if (backlog) void tick()
          })
      }
      if (due.length < room) break
      backlog = inFlight.size >= MAX_IN_FLIGHT
    }
  } catch {
    // the database is down: the next tick tries again
    backlog = false
  } finally {
    claiming = false
  }
}

const holder = globalThis as unknown as { galleyWebhooks?: NodeJS.Timeout }

export function startWebhookWorker(): void {
  // GALLEY_WEBHOOK_WORKER=0: this instance sends nothing (others on the same database do) — e.g.
  // only instances in an egress-only subnet send, as Standard Webhooks' SSRF advice has it.
  if (holder.galleyWebhooks || !process.env.DATABASE_URL || process.env.GALLEY_WEBHOOK_WORKER === '0') return
  holder.galleyWebhooks = setInterval(() => void tick(), POLL_MS)
  holder.galleyWebhooks.unref()
}

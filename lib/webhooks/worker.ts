import 'server-only'
import crypto from 'node:crypto'
import { buildDeliveryBody, claimDueDeliveries, fixDeliveryBody, recordAttempt, type DueDelivery } from '@/lib/db/webhooks'
import { exportContextFrom } from '@/lib/export/article-export'

/**
 * Sends webhook deliveries, in every app instance (started by instrumentation.ts): every second
 * it takes the due ones (FOR UPDATE SKIP LOCKED, with a lease), POSTs each with its signature,
 * and records the attempt. A crash between the commit and the send loses nothing: the row is in
 * the database, and the next instance up (or this one restarted) sends it when its lease ends.
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

/** `sha256=<hex HMAC-SHA256 of the body with the webhook's secret>`, as X-Galley-Signature. */
export function signature(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
}

async function send(d: DueDelivery): Promise<void> {
  const started = performance.now()
  let statusCode: number | null = null
  let error: string | null = null
  try {
    const context = exportContextFrom(process.env, { url: process.env.GALLEY_PUBLIC_URL || 'http://localhost', headers: new Headers() })
    const body = d.body ?? (await fixDeliveryBody(d.id, await buildDeliveryBody(d, context)))
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Galley-Webhooks/1',
        'x-galley-event': d.event,
        'x-galley-delivery': d.id,
        'x-galley-signature': signature(d.secret, body),
      },
      body,
    })
    statusCode = res.status
    await res.body?.cancel().catch(() => {})
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`
  } catch (err) {
    const e = err as Error
    error = e.name === 'TimeoutError' ? `No answer within ${TIMEOUT_MS / 1000} s` : `${e.message}${(e as { cause?: Error }).cause?.message ? `: ${(e as { cause?: Error }).cause!.message}` : ''}`
  }
  await recordAttempt(d, { statusCode, durationMs: Math.round(performance.now() - started), error })
}

/**
 * Deliveries in flight on this instance. Each is sent on its own: a receiver that hangs until the
 * timeout holds only its own delivery, never the others due meanwhile (to it or to other hooks).
 */
const inFlight = new Set<string>()
const MAX_IN_FLIGHT = 20
let claiming = false
async function tick() {
  if (claiming) return
  claiming = true
  try {
    while (inFlight.size < MAX_IN_FLIGHT) {
      const room = Math.min(BATCH, MAX_IN_FLIGHT - inFlight.size)
      const due = await claimDueDeliveries(room, LEASE_MS)
      for (const d of due) {
        inFlight.add(d.id)
        void send(d)
          .catch((err) => console.error('[webhooks] could not record an attempt:', (err as Error).message))
          .finally(() => inFlight.delete(d.id))
      }
      if (due.length < room) break
    }
  } catch {
    // the database is down: the next tick tries again
  } finally {
    claiming = false
  }
}

const holder = globalThis as unknown as { galleyWebhooks?: NodeJS.Timeout }

export function startWebhookWorker(): void {
  if (holder.galleyWebhooks || !process.env.DATABASE_URL) return
  holder.galleyWebhooks = setInterval(() => void tick(), POLL_MS)
  holder.galleyWebhooks.unref()
}

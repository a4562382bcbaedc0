import 'server-only'
import { db } from './client'

/**
 * One counter of failed attempts: within `windowMs` attempts pass until `limit` have failed;
 * after that, with `slowMs`, one attempt per `slowMs` still passes (the slow path), otherwise none
 * until the window ends.
 */
export type ThrottleRule = { key: string; limit: number; windowMs: number; slowMs?: number }
export type ThrottleDecision = { allowed: boolean; retryAfterMs: number }

/** How long to wait for attempts still being checked before saying "busy" is "throttled". */
const BUSY_WAIT_MS = 5_000
const BUSY_POLL_MS = 50

/**
 * Let an attempt through or not, decided in one statement (galley_throttle_take, in the
 * migrations) across every app instance. A let-through attempt counts as in flight until settled,
 * so a burst of parallel guesses gets exactly the allowance. When the only reason to refuse is
 * that other attempts are still being checked (say, a script signing in many times at once with
 * the right password), wait briefly for them rather than refuse a person who may be right.
 */
export async function takeAttempt(rules: ThrottleRule[]): Promise<ThrottleDecision> {
  const deadline = Date.now() + BUSY_WAIT_MS
  for (;;) {
    const [row] = await db().$queryRaw<Array<{ allowed: boolean; busy: boolean; retry_after_ms: number }>>`
      SELECT * FROM galley_throttle_take(${rules.map((r) => r.key)}::text[], ${rules.map((r) => r.limit)}::int[],
        ${rules.map((r) => r.windowMs)}::int[], ${rules.map((r) => r.slowMs ?? 0)}::int[])`
    if (!row.busy) return { allowed: row.allowed, retryAfterMs: row.retry_after_ms }
    if (Date.now() >= deadline) return { allowed: false, retryAfterMs: 1_000 }
    await new Promise((resolve) => setTimeout(resolve, BUSY_POLL_MS))
  }
}

/**
 * Settle an attempt that was let through: a failure counts on every rule; a success forgets the
 * rules in `forget` (the person proved who they are from there) and frees its place on the rest.
 * Returns each rule's failures afterwards, in order (0 for a forgotten one).
 */
export async function settleAttempt(rules: ThrottleRule[], { failed, forget = [] }: { failed: boolean; forget?: string[] }): Promise<number[]> {
  const [row] = await db().$queryRaw<Array<{ failures: number[] }>>`
    SELECT galley_throttle_settle(${rules.map((r) => r.key)}::text[], ${failed}, ${rules.map((r) => forget.includes(r.key))}::boolean[]) AS failures`
  return row.failures
}

/** How long until `rules` would let an attempt through (0 if now), without counting one. */
export async function retryAfterMs(rules: ThrottleRule[]): Promise<number> {
  const rows = await db().authThrottle.findMany({ where: { key: { in: rules.map((r) => r.key) } } })
  const now = Date.now()
  let wait = 0
  for (const rule of rules) {
    const row = rows.find((r) => r.key === rule.key)
    if (!row || row.windowStart.getTime() + rule.windowMs <= now || row.failures < rule.limit) continue
    const until = rule.slowMs ? (row.nextAt?.getTime() ?? 0) : row.windowStart.getTime() + rule.windowMs
    wait = Math.max(wait, until - now)
  }
  return wait
}

import 'server-only'
import { db } from './client'
import { recordAudit } from './audit'
import { normaliseEmail } from './users'
import { retryAfterMs, settleAttempt, takeAttempt, type ThrottleDecision, type ThrottleRule } from './throttle'

/** Failed sign-ins per account and source address within the window before that pair is refused. */
export const MAX_FAILED_SIGN_INS = 5
export const SIGN_IN_WINDOW_MINUTES = 15
/**
 * Failed sign-ins per account from all sources before the account goes onto the slow path: one
 * attempt per SLOW_SECONDS, from any source that is not itself refused. A stranger hammering an
 * account from one address locks only that address out; from many addresses they get one guess
 * per SLOW_SECONDS, and the right person still gets in, a little slower.
 */
export const MAX_FAILED_PER_ACCOUNT = 10
export const SLOW_SECONDS = 30

const WINDOW_MS = SIGN_IN_WINDOW_MINUTES * 60_000

function rules(email: string, source: string): ThrottleRule[] {
  const account = normaliseEmail(email)
  return [
    { key: `sign-in:${account}|${source}`, limit: MAX_FAILED_SIGN_INS, windowMs: WINDOW_MS },
    { key: `sign-in:${account}`, limit: MAX_FAILED_PER_ACCOUNT, windowMs: WINDOW_MS, slowMs: SLOW_SECONDS * 1000 },
  ]
}

/**
 * The client's address as this server sees it: the last X-Forwarded-For entry (Next.js fills it
 * from the socket when absent; a reverse proxy in front should set or append it), else "unknown".
 */
export function sourceAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')
  const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).pop()
  return (last ?? 'unknown').slice(0, 64)
}

/** Count a sign-in attempt before the password is checked (atomic across app instances). */
export function beginSignIn({ email, source }: { email: string; source: string }): Promise<ThrottleDecision> {
  return takeAttempt(rules(email, source))
}

/** A right password: the pair's earlier failures are forgiven, and this attempt is not held against the account. */
export async function signInSucceeded({ email, source }: { email: string; source: string }): Promise<void> {
  const all = rules(email, source)
  await settleAttempt(all, { failed: false, forget: [all[0].key] })
}

/**
 * A wrong password (or unknown account). The count lives in the throttle table; the audit trail
 * gets an aggregate, not a row per guess: the first failure of a window for an account and
 * address, the one that locks that pair out, and the one that puts the account on the slow path.
 */
export async function signInFailed({ email, source }: { email: string; source: string }): Promise<void> {
  const account = normaliseEmail(email)
  const [pairCount, accountCount] = await settleAttempt(rules(email, source), { failed: true })
  const base = { email: account, source, windowMinutes: SIGN_IN_WINDOW_MINUTES }
  const events: Array<{ action: string; after: Record<string, unknown> }> = []
  if (pairCount === 1) events.push({ action: 'auth.sign_in_failed', after: { ...base, failures: 1 } })
  if (pairCount === MAX_FAILED_SIGN_INS) events.push({ action: 'auth.sign_in_locked', after: { ...base, failures: pairCount } })
  if (accountCount === MAX_FAILED_PER_ACCOUNT) events.push({ action: 'auth.account_slowed', after: { email: account, failures: accountCount, slowSeconds: SLOW_SECONDS } })
  for (const e of events) await recordAudit(db(), { actorId: null, action: e.action, entityType: 'User', after: e.after })
}

/** Milliseconds until this account may try again from this address (0: now). */
export function signInRetryAfter({ email, source }: { email: string; source: string }): Promise<number> {
  return retryAfterMs(rules(email, source))
}

/** "3 minutes", "30 seconds": how long to wait, for a person. */
export function waitPhrase(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.ceil(ms / 60_000)
    return `${minutes} minute${minutes === 1 ? '' : 's'}`
  }
  const seconds = Math.max(1, Math.ceil(ms / 1000))
  return `${seconds} second${seconds === 1 ? '' : 's'}`
}

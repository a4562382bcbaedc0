import 'server-only'
import crypto from 'node:crypto'
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
 * per SLOW_SECONDS. A browser the owner signed in with before (it holds a device cookie) is not
 * subject to the account-wide limit at all, so a stranger cannot lock the owner out.
 */
export const MAX_FAILED_PER_ACCOUNT = 10
export const SLOW_SECONDS = 30
/** Failed sign-ins for unknown accounts are logged at most once a minute (the rest are counted in the throttle table). */
const UNKNOWN_LOG_MINUTES = 1

const WINDOW_MS = SIGN_IN_WINDOW_MINUTES * 60_000

/** Who is trying: the email, the source address, and the device cookie the browser sent, if any. */
export type SignInAttempt = { email: string; source: string; device?: string | null }

export const DEVICE_COOKIE = 'galley-device'
const DEVICE_DAYS = 365

function deviceSignature(email: string, deviceId: string): string {
  return crypto.createHmac('sha256', process.env.AUTH_SECRET ?? '').update(`galley-device|${normaliseEmail(email)}|${deviceId}`).digest('base64url')
}

/** A new device cookie value for a browser that just signed in as `email`. */
export function newDeviceCookie(email: string): { name: string; value: string; maxAge: number } {
  const id = crypto.randomBytes(16).toString('base64url')
  return { name: DEVICE_COOKIE, value: `${id}.${deviceSignature(email, id)}`, maxAge: DEVICE_DAYS * 86_400 }
}

/** The device id in a cookie value, if it was issued to this email by this server; else null. */
export function knownDevice(email: string, value: string | null | undefined): string | null {
  const [id, signature] = (value ?? '').split('.')
  if (!id || !signature || id.length > 64) return null
  const expected = Buffer.from(deviceSignature(email, id))
  const given = Buffer.from(signature)
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? id : null
}

function rules({ email, source, device }: SignInAttempt): ThrottleRule[] {
  const account = normaliseEmail(email)
  const id = knownDevice(account, device)
  // A known device has its own allowance and does not count against (or wait for) the account.
  if (id) return [{ key: `sign-in:${account}|device:${id}`, limit: MAX_FAILED_SIGN_INS, windowMs: WINDOW_MS }]
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
export function beginSignIn(who: SignInAttempt): Promise<ThrottleDecision> {
  return takeAttempt(rules(who))
}

/** A right password: the pair's (or device's) failures are forgiven; the account only gets this attempt's place back. */
export async function signInSucceeded(who: SignInAttempt): Promise<void> {
  const all = rules(who)
  await settleAttempt(all, { failed: false, forget: [all[0].key] })
}

/** The check itself failed (the database, say): give the attempt's place back without counting it. */
export async function signInAborted(who: SignInAttempt): Promise<void> {
  await settleAttempt(rules(who), { failed: false })
}

/**
 * A wrong password (or unknown account). The count lives in the throttle table; the audit trail
 * gets an aggregate, not a row per guess: for an existing account, the first failure of a window
 * from each address, the one that locks that address out, and the one that puts the account on
 * the slow path; for unknown accounts, at most one line a minute across all of them.
 */
export async function signInFailed(who: SignInAttempt, { accountExists }: { accountExists: boolean }): Promise<void> {
  const account = normaliseEmail(who.email)
  const [pairCount, accountCount] = await settleAttempt(rules(who), { failed: true })
  if (!accountExists) {
    // One statement: log only if nothing was logged for unknown accounts in the last minute.
    await db().$executeRaw`
      INSERT INTO "AuditEvent" ("actorId", action, "entityType", after)
      SELECT NULL, 'auth.sign_in_failed_unknown', 'User', jsonb_build_object('email', ${account}::text, 'source', ${who.source}::text, 'note', 'further failures for unknown accounts this minute are counted, not logged')
      WHERE NOT EXISTS (SELECT 1 FROM "AuditEvent" WHERE action = 'auth.sign_in_failed_unknown' AND at > now() - make_interval(mins => ${UNKNOWN_LOG_MINUTES}))`
    return
  }
  const base = { email: account, source: who.source, windowMinutes: SIGN_IN_WINDOW_MINUTES }
  const events: Array<{ action: string; after: Record<string, unknown> }> = []
  if (pairCount === 1) events.push({ action: 'auth.sign_in_failed', after: { ...base, failures: 1 } })
  if (pairCount === MAX_FAILED_SIGN_INS) events.push({ action: 'auth.sign_in_locked', after: { ...base, failures: pairCount } })
  if (accountCount === MAX_FAILED_PER_ACCOUNT) events.push({ action: 'auth.account_slowed', after: { email: account, failures: accountCount, slowSeconds: SLOW_SECONDS } })
  for (const e of events) await recordAudit(db(), { actorId: null, action: e.action, entityType: 'User', after: e.after })
}

/** Milliseconds until this account may try again from here (0: now). */
export function signInRetryAfter(who: SignInAttempt): Promise<number> {
  return retryAfterMs(rules(who))
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

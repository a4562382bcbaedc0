import 'server-only'
import { db } from './client'
import { recordAudit } from './audit'
import { normaliseEmail } from './users'

/** Log a failed sign-in in the audit trail (the actor is unknown; the email tried is kept). */
export async function recordSignInFailure({ email }: { email: string }): Promise<void> {
  await recordAudit(db(), { actorId: null, action: 'auth.sign_in_failed', entityType: 'User', after: { email: normaliseEmail(email) } })
}

/** Failed sign-ins per email within the window before further attempts are refused. */
export const MAX_FAILED_SIGN_INS = 5
export const SIGN_IN_WINDOW_MINUTES = 15

/**
 * Minutes until this email may try again, or 0. Counted from the audit trail in PostgreSQL, so
 * the limit holds across every app instance.
 */
export async function signInLockoutMinutes({ email }: { email: string }): Promise<number> {
  const rows = await db().$queryRaw<Array<{ n: number; oldest: Date | null }>>`
    SELECT count(*)::int AS n, min(at) AS oldest FROM "AuditEvent"
    WHERE action = 'auth.sign_in_failed' AND after->>'email' = ${normaliseEmail(email)}
      AND at > now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`
  const { n, oldest } = rows[0]
  if (n < MAX_FAILED_SIGN_INS || !oldest) return 0
  return Math.max(1, Math.ceil((oldest.getTime() + SIGN_IN_WINDOW_MINUTES * 60_000 - Date.now()) / 60_000))
}

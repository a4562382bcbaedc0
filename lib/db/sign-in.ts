import 'server-only'
import { db } from './client'
import { normaliseEmail } from './users'

/** Log a failed sign-in in the audit trail (the actor is unknown; the email tried is kept). */
export async function recordSignInFailure({ email }: { email: string }): Promise<void> {
  await db().auditEvent.create({
    data: { actorId: null, action: 'auth.sign_in_failed', entityType: 'User', after: { email: normaliseEmail(email) } },
  })
}

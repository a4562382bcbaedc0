import 'server-only'
import { headers } from 'next/headers'
import { DEMO_USERS } from '@/lib/db/seed'
import { fromThisMachine } from '@/lib/http/peer'
import { demoMode, demoPassword, demoPasswordLocalOnly } from './demo'

/**
 * Whether this request may be offered, and may use, the one-click demo sign-in (lib/auth/demo.ts):
 * the sign-in page asks before it shows the buttons and the action asks again before it signs in,
 * so a hidden button is never the only guard.
 */
export async function demoSignInAllowed(): Promise<boolean> {
  const mode = demoMode()
  if (mode === 'off') return false
  return mode === 'everyone' || fromThisMachine(await headers())
}

/** A password sign-in with a demo account's published password that must come from this machine but does not. */
export function demoPasswordRefused({ email, password, requestHeaders }: { email: string; password: string; requestHeaders: { get(name: string): string | null } }): boolean {
  if (!demoPasswordLocalOnly() || password !== demoPassword()) return false
  const account = email.trim().toLowerCase()
  return DEMO_USERS.some((u) => u.email === account) && !fromThisMachine(requestHeaders)
}

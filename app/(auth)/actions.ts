'use server'

import { cookies, headers } from 'next/headers'
import { AuthError } from 'next-auth'
import { DemoPasswordLocalOnly, PasswordForSsoAccount, PasswordSignInOff, signIn, signOut, SignInThrottled } from '@/lib/auth/config'
import { OIDC_PROVIDER_ID, oidcSettings } from '@/lib/auth/sso'
import { safeCallbackPath } from '@/lib/auth/callback'
import { demoPassword } from '@/lib/auth/demo'
import { demoSignInAllowed } from '@/lib/auth/demo-access'
import { DEMO_USERS } from '@/lib/db/seed'
import { DEVICE_COOKIE, newDeviceCookie, signInRetryAfter, sourceAddress, waitPhrase } from '@/lib/db/sign-in'

export type SignInState = { error?: string; email?: string }

const DEMO_PASSWORD_LOCAL =
  "The demo accounts' published password works only on the machine Galley runs on (localhost). Sign in there and change it under Account, or start Galley with GALLEY_DEMO=1 to offer the demo to everyone."

// Sign-in form action: Auth.js checks the credentials; a wrong password comes back as a message.
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '')
  try {
    await signIn('credentials', {
      email,
      password: String(form.get('password') ?? ''),
      // Only a path on this site, parsed as a browser would (no "/\evil.test").
      redirectTo: safeCallbackPath(form.get('callbackUrl')),
    })
    return {}
  } catch (err) {
    if (err instanceof AuthError) {
      if (err instanceof SignInThrottled || (err as { code?: string }).code === 'throttled') {
        const wait = await signInRetryAfter({ email, source: sourceAddress(await headers()), device: (await cookies()).get(DEVICE_COOKIE)?.value })
        return { email, error: `Too many failed sign-ins for this account. Try again in ${waitPhrase(wait)}.` }
      }
      if (err instanceof PasswordSignInOff || (err as { code?: string }).code === 'password_off') return { email, error: 'Password sign-in is turned off here: use single sign-on.' }
      if (err instanceof DemoPasswordLocalOnly || (err as { code?: string }).code === 'demo_local') return { email, error: DEMO_PASSWORD_LOCAL }
      if (err instanceof PasswordForSsoAccount || (err as { code?: string }).code === 'sso_account') {
        return { email, error: 'This account signs in with single sign-on here: its role comes from your organisation’s groups.' }
      }
      return { email, error: 'Wrong email or password, or the account is deactivated.' }
    }
    // Signed in (Next.js redirects by throwing): remember this browser as one of the person's
    // devices, so a stranger's failed guesses elsewhere never lock it out.
    if (String((err as { digest?: unknown })?.digest ?? '').startsWith('NEXT_REDIRECT')) {
      const device = newDeviceCookie(email)
      ;(await cookies()).set(device.name, device.value, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: device.maxAge, secure: (await headers()).get('x-forwarded-proto') === 'https' })
    }
    throw err
  }
}

// First run: sign in as one of the demo accounts with one click (only while demo sign-in is on,
// and by default only from this machine, checked here again whatever the page showed; the
// password never leaves the server).
export async function demoSignInAction(prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '')
  if (!(await demoSignInAllowed()) || !DEMO_USERS.some((u) => u.email === email)) return { error: 'Demo sign-in is not available here.' }
  const credentials = new FormData()
  credentials.set('email', email)
  credentials.set('password', demoPassword())
  credentials.set('callbackUrl', String(form.get('callbackUrl') ?? '/'))
  const out = await signInAction(prev, credentials)
  return out.error ? { ...out, error: `${out.error} (Was the demo account's password changed? Sign in with the form below.)` } : out
}

// Single sign-on: off to the identity provider (Auth.js checks state, PKCE and nonce on the way back).
export async function ssoSignInAction(form: FormData): Promise<void> {
  if (!oidcSettings()) return
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallbackPath(form.get('callbackUrl')) })
}

// Sign-out action: ends the session (its row is revoked, so the cookie is dead everywhere) and
// returns to the sign-in page.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/signin' })
}

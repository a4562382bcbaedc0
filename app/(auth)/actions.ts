'use server'

import { AuthError } from 'next-auth'
import { signIn, signOut, SignInThrottled } from '@/lib/auth/config'
import { signInLockoutMinutes } from '@/lib/db/sign-in'

export type SignInState = { error?: string; email?: string }

/** Only same-site paths, so a crafted link cannot send a user elsewhere after sign-in. */
function safeCallback(value: FormDataEntryValue | null): string {
  const path = typeof value === 'string' ? value : ''
  return path.startsWith('/') && !path.startsWith('//') ? path : '/articles'
}

// Sign-in form action: Auth.js checks the credentials; a wrong password comes back as a message.
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '')
  try {
    await signIn('credentials', {
      email,
      password: String(form.get('password') ?? ''),
      redirectTo: safeCallback(form.get('callbackUrl')),
    })
    return {}
  } catch (err) {
    if (err instanceof AuthError) {
      if (err instanceof SignInThrottled || (err as { code?: string }).code === 'throttled') {
        const minutes = await signInLockoutMinutes({ email })
        return { email, error: `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` }
      }
      return { email, error: 'Wrong email or password, or the account is deactivated.' }
    }
    throw err // the redirect after a successful sign-in
  }
}

// Sign-out action: ends the session and returns to the sign-in page.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/signin' })
}

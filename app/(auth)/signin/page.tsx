import type { Metadata } from 'next'
import { safeCallbackPath } from '@/lib/auth/callback'
import { oidcSettings, passwordSignInEnabled } from '@/lib/auth/sso'
import { SSO_REFUSALS } from '@/lib/db/sso'
import { ssoSignInAction } from '../actions'
import { SignInForm } from './sign-in-form'
import { DemoAccounts } from './demo-accounts'
import { demoSignInAllowed } from '@/lib/auth/demo-access'
import { demoMode } from '@/lib/auth/demo'
import { DEMO_USERS } from '@/lib/db/seed'

export const metadata: Metadata = { title: 'Sign in' }

/** Why the last sign-in attempt came back here: a refused SSO account, or a provider problem. */
function errorText(error: string | undefined): string | null {
  if (!error) return null
  if (error in SSO_REFUSALS) return SSO_REFUSALS[error as keyof typeof SSO_REFUSALS]
  if (error === 'CredentialsSignin') return null // the form says it itself
  return `Single sign-on did not complete (${error.slice(0, 40)}). Start again; if it keeps failing, ask an admin.`
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams
  const sso = oidcSettings()
  const passwords = passwordSignInEnabled()
  const problem = errorText(typeof error === 'string' ? error : undefined)
  const back = safeCallbackPath(callbackUrl)
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-stone-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in to Galley</h1>
      <p className="mb-6 text-sm text-stone-600">The fact-check and corrections desk.</p>
      {problem && (
        <p role="alert" data-testid="sso-error" className="mb-4 rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      )}
      {passwords && (await demoSignInAllowed()) && <DemoAccounts accounts={DEMO_USERS} callbackUrl={back} localOnly={demoMode() === 'local'} />}
      {sso && (
        <form action={ssoSignInAction} className="mb-4">
          <input type="hidden" name="callbackUrl" value={back} />
          <button type="submit" className="w-full rounded border border-stone-900 px-3 py-2 font-medium hover:bg-stone-100">
            Sign in with {sso.name}
          </button>
        </form>
      )}
      {sso && passwords && <p className="mb-4 text-center text-xs uppercase tracking-wide text-stone-500">or with a password</p>}
      {passwords ? <SignInForm callbackUrl={back} /> : <p className="text-sm text-stone-600" data-testid="password-off">Password sign-in is turned off here.</p>}
    </div>
  )
}

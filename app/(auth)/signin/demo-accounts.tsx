'use client'

import { useActionState } from 'react'
import { demoSignInAction, type SignInState } from '../actions'

/** First run: the demo accounts, each a one-click sign-in (the server holds the password). */
export function DemoAccounts({ accounts, callbackUrl, localOnly }: { accounts: ReadonlyArray<{ email: string; name: string; role: string }>; callbackUrl: string; localOnly: boolean }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(demoSignInAction, {})
  return (
    <section aria-labelledby="demo-accounts" className="mb-6 rounded border border-amber-200 bg-amber-50 p-3" data-testid="demo-accounts">
      <h2 id="demo-accounts" className="text-sm font-semibold text-amber-950">
        Demo accounts
      </h2>
      <p className="mb-2 text-xs text-amber-900">This desk runs on the demo database. Try each role; the password of all three is in the README.
        {localOnly && ' Offered on this machine only (localhost): others who reach this server see the plain form.'}
      </p>
      <ul className="space-y-1">
        {accounts.map((a) => (
          <li key={a.email}>
            <form action={action} className="flex items-center justify-between gap-2">
              <input type="hidden" name="email" value={a.email} />
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <span className="text-sm">
                {a.name} <span className="text-xs text-stone-600">({a.role}, {a.email})</span>
              </span>
              <button type="submit" disabled={pending} className="rounded border border-amber-400 bg-white px-2 py-1 text-xs font-medium hover:bg-amber-100 disabled:opacity-60">
                Continue as {a.role}
              </button>
            </form>
          </li>
        ))}
      </ul>
      {state.error && (
        <p role="alert" className="mt-2 rounded bg-red-50 px-2 py-1 text-xs text-red-800">
          {state.error}
        </p>
      )}
    </section>
  )
}

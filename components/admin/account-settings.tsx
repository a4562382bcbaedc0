'use client'

import { useState } from 'react'
import type { TokenDto } from '@/lib/types/desk'
import { When } from '@/components/when'
import { NoticeBanner, type Notice } from '@/components/notice'
import { callApi } from '@/components/call-api'

const field = 'block w-full rounded border border-stone-300 px-2 py-1'

/** Change your password; create, see and revoke your API tokens. */
export function AccountSettings({ tokens: initial }: { tokens: TokenDto[] }) {
  const [tokens, setTokens] = useState(initial)
  const [fresh, setFresh] = useState<string | null>(null)
  const [message, setMessage] = useState<Notice | null>(null)
  /** The parsed answer (null for 204), or undefined after showing the server's message. */
  async function call(url: string, method: string, body?: unknown): Promise<any> {
    try {
      return (await callApi(method, url, body)) ?? null
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
      return undefined
    }
  }
  return (
    <div className="space-y-6">
      <NoticeBanner notice={message} testId="account-message" />
      <form
        className="space-y-2 rounded-lg border border-stone-200 bg-white p-4 text-sm"
        action={async (form) => {
          const out = await call('/api/account/password', 'POST', { currentPassword: form.get('current'), newPassword: form.get('new') })
          if (out === undefined) return
          // The server ended every other session and revoked every API token with the change.
          setMessage({ tone: 'ok', text: `Password changed. Your other sessions are signed out${tokens.length ? ' and your API tokens are revoked' : ''}.` })
          setTokens([])
        }}
      >
        <h2 className="font-semibold">Change password</h2>
        <label className="block">
          Current password <input name="current" type="password" autoComplete="current-password" required className={field} />
        </label>
        <label className="block">
          New password (10 characters or more) <input name="new" type="password" autoComplete="new-password" required minLength={10} className={field} />
        </label>
        <button type="submit" className="rounded bg-stone-900 px-3 py-1.5 font-medium text-white hover:bg-stone-700">
          Change password
        </button>
      </form>
      <section className="space-y-2 rounded-lg border border-stone-200 bg-white p-4 text-sm">
        <h2 className="font-semibold">API tokens</h2>
        <p className="text-stone-600">For newsroom systems: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts with your role.</p>
        {fresh && (
          <p data-testid="new-token" className="break-all rounded bg-amber-50 px-3 py-2 font-mono">
            {fresh} <span className="font-sans text-amber-900">— copy it now; it is not shown again.</span>
          </p>
        )}
        <ul className="divide-y divide-stone-100" data-testid="token-list">
          {tokens.map((t) => (
            <li key={t.id} className="flex items-center gap-3 py-2">
              <span className="font-medium">{t.name}</span>
              <code className="text-stone-500">{t.prefix}…</code>
              <span className="text-stone-500">{t.lastUsedAt ? <>last used <When at={t.lastUsedAt} time /></> : 'never used'}</span>
              <button
                type="button"
                onClick={async () => {
                  if ((await call(`/api/tokens/${t.id}`, 'DELETE')) !== undefined) setTokens((list) => list.filter((x) => x.id !== t.id))
                }}
                className="ml-auto rounded border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50"
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
        <form
          className="flex gap-2"
          action={async (form) => {
            const out = await call('/api/tokens', 'POST', { name: form.get('name') })
            if (!out) return
            setFresh(out.token)
            setTokens((list) => [{ id: out.id, name: out.name, prefix: out.prefix, createdAt: out.createdAt, lastUsedAt: null }, ...list])
          }}
        >
          <input name="name" aria-label="Token name" placeholder="What uses it, e.g. CMS bridge" required className="flex-1 rounded border border-stone-300 px-2 py-1" />
          <button type="submit" className="rounded bg-stone-900 px-3 py-1.5 font-medium text-white hover:bg-stone-700">
            Create token
          </button>
        </form>
      </section>
    </div>
  )
}

'use client'

import { useState } from 'react'
import type { UserSummary } from '@/lib/types/desk'
import { ROLES } from '@/lib/auth/permissions'

import { NoticeBanner, type Notice } from '@/components/notice'
import { callApi } from '@/components/call-api'
import { TableScroll } from '@/components/table-scroll'

const call = (url: string, method: string, body?: unknown) => callApi<UserSummary & { password?: string }>(method, url, body)

/** Add users, change roles, deactivate and reactivate. Changes apply to sessions and tokens at once. */
export function UserAdmin({ initial, selfId }: { initial: UserSummary[]; selfId: string }) {
  const [users, setUsers] = useState(initial)
  const [message, setMessage] = useState<Notice | null>(null)
  const replace = (u: UserSummary) => setUsers((list) => list.map((x) => (x.id === u.id ? u : x)))
  const run = async (f: () => Promise<void>) => {
    try {
      await f()
    } catch (err) {
      setMessage({ tone: 'error', text: (err as Error).message })
    }
  }
  return (
    <div className="space-y-4">
      <NoticeBanner notice={message} testId="admin-message" />
      <TableScroll label="Users">
        <table className="w-full rounded-lg border border-stone-200 bg-white text-sm" data-testid="user-table">
          <thead className="text-left text-stone-500">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Email</th>
              <th className="px-3 py-2">Role</th>
              <th className="px-3 py-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-stone-100" data-email={u.email}>
                <td className="px-3 py-2">{u.name}</td>
                <td className="px-3 py-2">{u.email}</td>
                <td className="px-3 py-2">
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={u.id === selfId}
                    onChange={(e) => run(async () => replace(await call(`/api/users/${u.id}`, 'PATCH', { role: e.target.value })))}
                    className="rounded border border-stone-300 px-2 py-1"
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td className="px-3 py-2">
                  {u.active ? 'active' : 'deactivated'}{' '}
                  {u.id !== selfId && (
                    <button
                      type="button"
                      onClick={() => run(async () => replace(await call(`/api/users/${u.id}`, 'PATCH', { active: !u.active })))}
                      className="ml-2 rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100"
                    >
                      {u.active ? 'Deactivate' : 'Reactivate'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <form
        className="flex flex-wrap items-end gap-2 rounded-lg border border-stone-200 bg-white p-4 text-sm"
        action={(form) =>
          run(async () => {
            const created = await call('/api/users', 'POST', { email: form.get('email'), name: form.get('name'), role: form.get('role') })
            setUsers((list) => [...list, created])
            setMessage({ tone: 'ok', text: `Added ${created.email}. Their password, shown once: ${created.password}` })
          })
        }
      >
        <label>
          Email <input name="email" type="email" required className="block rounded border border-stone-300 px-2 py-1" />
        </label>
        <label>
          Name <input name="name" required className="block rounded border border-stone-300 px-2 py-1" />
        </label>
        <label>
          Role
          <select name="role" aria-label="New user’s role" className="block rounded border border-stone-300 px-2 py-1">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-stone-900 px-3 py-1.5 font-medium text-white hover:bg-stone-700">
          Add user
        </button>
      </form>
    </div>
  )
}

import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/page'
import { can } from '@/lib/auth/permissions'
import { listUsers } from '@/lib/db/users'
import { UserAdmin } from '@/components/admin/user-admin'

export const metadata: Metadata = { title: 'Users' }

export default async function UsersPage() {
  const user = await pageUser('/admin/users')
  if (!can(user.role, 'users.manage')) {
    return <p className="text-stone-700">Only admins manage users; you are signed in as {user.role}.</p>
  }
  return (
    <section className="max-w-4xl">
      <h1 className="mb-4 text-2xl font-semibold">Users</h1>
      <UserAdmin initial={await listUsers({ actor: user })} selfId={user.id} />
    </section>
  )
}

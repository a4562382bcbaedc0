import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/page'
import { listTokens } from '@/lib/db/tokens'
import { AccountSettings } from '@/components/admin/account-settings'

export const metadata: Metadata = { title: 'Account' }

export default async function AccountPage() {
  const user = await pageUser('/account')
  return (
    <section className="max-w-3xl">
      <h1 className="mb-4 text-2xl font-semibold">Your account</h1>
      <AccountSettings tokens={await listTokens({ actor: user })} />
    </section>
  )
}

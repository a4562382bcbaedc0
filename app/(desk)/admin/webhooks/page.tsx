import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/page'
import { can } from '@/lib/auth/permissions'
import { listWebhooks } from '@/lib/db/webhooks'
import { WebhookAdmin } from '@/components/admin/webhook-admin'

export const metadata: Metadata = { title: 'Webhooks' }

export default async function WebhooksPage() {
  const user = await pageUser('/admin/webhooks')
  if (!can(user.role, 'users.manage')) {
    return <p className="text-stone-700">Only admins manage webhooks; you are signed in as {user.role}.</p>
  }
  return (
    <section className="max-w-5xl">
      <h1 className="mb-1 text-2xl font-semibold">Webhooks</h1>
      <p className="mb-4 text-sm text-stone-600">Galley POSTs to these when an article is published, when its fixes are published, and when a fix is reviewed. Every delivery is retried until it is accepted (for 24 hours).</p>
      <WebhookAdmin initial={await listWebhooks({ actor: user })} />
    </section>
  )
}

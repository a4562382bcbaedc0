import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { getSessionUser } from '@/lib/auth/session'
import { ImportForm } from '@/components/import-form'

export const metadata: Metadata = { title: 'Import article' }

export default async function NewArticlePage() {
  const user = await getSessionUser()
  if (!user) redirect('/signin?callbackUrl=/articles/new')
  return (
    <section className="max-w-3xl">
      <h1 className="mb-4 text-2xl font-semibold">Import an article</h1>
      <ImportForm />
    </section>
  )
}

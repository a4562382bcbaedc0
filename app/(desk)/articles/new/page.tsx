import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/page'
import { ImportForm } from '@/components/import-form'

export const metadata: Metadata = { title: 'Import article' }

export default async function NewArticlePage() {
  await pageUser('/articles/new')
  return (
    <section className="max-w-3xl">
      <h1 className="mb-4 text-2xl font-semibold">Import an article</h1>
      <ImportForm />
    </section>
  )
}

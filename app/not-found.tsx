import type { Metadata } from 'next'
import Link from 'next/link'

export const metadata: Metadata = { title: 'Not found' }

/** 404 in Galley's style: what happened and where to go. */
export default function NotFound() {
  return (
    <section className="mx-auto mt-12 max-w-md rounded-lg border border-stone-200 bg-white p-6 text-center shadow-sm" data-testid="not-found">
      <p className="text-sm font-medium uppercase tracking-wide text-stone-500">404</p>
      <h1 className="mt-1 text-xl font-semibold">This page is not on the desk</h1>
      <p className="mt-2 text-sm text-stone-600">The article or page may have been deleted, or the link is mistyped.</p>
      <p className="mt-4 flex justify-center gap-4 text-sm">
        <Link href="/articles" className="text-blue-700 underline">
          All articles
        </Link>
        <Link href="/search" className="text-blue-700 underline">
          Search
        </Link>
      </p>
    </section>
  )
}

import type { Metadata } from 'next'
import Link from 'next/link'
import { pageUser } from '@/lib/auth/page'
import { listReviewQueue } from '@/lib/db/reviews'
import { liveLogPosition } from '@/lib/db/live'
import { ReviewQueue } from '@/components/review/review-queue'
import { NoticeBanner } from '@/components/notice'
import { AppError } from '@/lib/errors'

export const metadata: Metadata = { title: 'Review queue' }

type Search = { cursor?: string; article?: string; from?: string }

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { cursor, article, from } = await searchParams
  const here = `/review${article ? `?article=${encodeURIComponent(article)}` : ''}`
  const user = await pageUser(here)
  // Read before the data: the queue's live stream replays whatever commits after this point.
  const liveSince = (await liveLogPosition()).toString()
  const one = (v: unknown) => (typeof v === 'string' ? v : undefined)
  let page
  try {
    page = await listReviewQueue({ actor: user, cursor: one(cursor), articleId: one(article) })
  } catch (err) {
    // A stale or hand-made link: say so and start from the first page.
    if (!(err instanceof AppError) || (err.code !== 'validation_failed' && err.code !== 'not_found')) throw err
    page = await listReviewQueue({ actor: user })
  }
  const start = Number(one(from) ?? '1') || 1
  const end = start + page.items.length - 1
  const next = page.nextCursor ? `/review?${new URLSearchParams({ cursor: page.nextCursor, from: String(end + 1), ...(one(article) ? { article: one(article)! } : {}) })}` : null
  return (
    <section>
      <h1 className="mb-1 text-2xl font-semibold">Review queue</h1>
      <p className="mb-2 text-sm text-stone-600">Open fixes {one(article) ? 'on this article' : 'across all articles'}, oldest first. Approve (A) or Reject (R) the highlighted fix; J/K move.</p>
      {one(article) && (
        <p className="mb-2 text-sm">
          <Link href="/review" className="text-blue-700 underline">
            All articles
          </Link>
        </p>
      )}
      {cursor && page.items.length === 0 && <NoticeBanner notice={{ tone: 'error', text: 'This page of the queue is empty now; start again from the first page.' }} />}
      <ReviewQueue key={cursor ?? 'first'} initial={page.items} total={page.total} own={page.own} start={start} articleId={one(article)} firstPage={!cursor} liveSince={liveSince} viewerId={user.id} />
      <nav className="mt-4 flex gap-3 text-sm" aria-label="Queue pages">
        {cursor && (
          <Link href={here} className="rounded border border-stone-300 bg-white px-3 py-1 hover:bg-stone-100">
            First page
          </Link>
        )}
        {next && (
          <Link href={next} className="rounded border border-stone-300 bg-white px-3 py-1 hover:bg-stone-100" data-testid="queue-next">
            Next {Math.min(page.total - end, page.items.length)} →
          </Link>
        )}
      </nav>
    </section>
  )
}

import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/page'
import { listReviewQueue } from '@/lib/db/reviews'
import { ReviewQueue } from '@/components/review/review-queue'

export const metadata: Metadata = { title: 'Review queue' }

export default async function ReviewPage() {
  const user = await pageUser('/review')
  const items = await listReviewQueue({ actor: user })
  return (
    <section>
      <h1 className="mb-1 text-2xl font-semibold">Review queue</h1>
      <p className="mb-4 text-sm text-stone-600">Open fixes across all articles, oldest first. Approve (A) or Reject (R) the highlighted fix; J/K move.</p>
      <ReviewQueue initial={items} />
    </section>
  )
}

import type { Metadata } from 'next'
import Link from 'next/link'
import { orNotFound, pageUser } from '@/lib/auth/page'
import { getArticle } from '@/lib/db/articles'
import { getArticleHistory } from '@/lib/db/history'

export const metadata: Metadata = { title: 'History' }

export default async function HistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const user = await pageUser(`/articles/${id}/history`)
  const [article, events] = await orNotFound(Promise.all([getArticle({ id, actor: user }), getArticleHistory({ articleId: id, actor: user })]))
  return (
    <section className="max-w-4xl">
      <Link href={`/articles/${id}`} className="text-sm text-stone-500 hover:underline">
        ← {article.title}
      </Link>
      <h1 className="mb-4 mt-1 text-2xl font-semibold">History</h1>
      <ol className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white text-sm" data-testid="history">
        {events.map((e) => (
          <li key={e.id} className="flex gap-4 px-4 py-2">
            <time className="w-40 shrink-0 text-stone-500" dateTime={e.at}>
              {new Date(e.at).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' })}
            </time>
            <p>
              <span className="font-medium">{e.actor?.name ?? 'System'}</span> {e.description}.
            </p>
          </li>
        ))}
      </ol>
    </section>
  )
}

import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { getSessionUser } from '@/lib/auth/session'
import { listArticles } from '@/lib/db/articles'

export const metadata: Metadata = { title: 'Articles' }

export default async function ArticlesPage() {
  const user = await getSessionUser()
  if (!user) redirect('/signin?callbackUrl=/articles')
  const articles = await listArticles({ actor: user })
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Articles</h1>
      {articles.length === 0 ? (
        <p className="text-stone-600">No articles yet.</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white" data-testid="article-list">
          {articles.map((a) => (
            <li key={a.id} className="flex items-baseline gap-4 px-4 py-3">
              <span className="font-medium">{a.title}</span>
              <span className="ml-auto text-xs uppercase tracking-wide text-stone-500">{a.status}</span>
              <time className="text-xs text-stone-500" dateTime={a.updatedAt}>
                {new Date(a.updatedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

import type { Metadata } from 'next'
import { When } from '@/components/when'
import Link from 'next/link'
import { orNotFound, pageUser } from '@/lib/auth/page'
import { getArticle } from '@/lib/db/articles'
import { listRevisions } from '@/lib/db/revisions'
import { RevisionDiff } from '@/components/revision-diff'
import { TableScroll } from '@/components/table-scroll'

export const metadata: Metadata = { title: 'Revisions' }

export default async function RevisionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const user = await pageUser(`/articles/${id}/revisions`)
  const [article, revisions] = await orNotFound(Promise.all([getArticle({ id, actor: user }), listRevisions({ articleId: id, actor: user })]))
  return (
    <section>
      <Link href={`/articles/${id}`} className="text-sm text-stone-500 hover:underline">
        ← {article.title}
      </Link>
      <h1 className="mb-4 mt-1 text-2xl font-semibold">Revisions</h1>
      <TableScroll label="Revisions" className="mb-6">
        <table className="w-full rounded-lg border border-stone-200 bg-white text-sm" data-testid="revision-list">
          <thead className="text-left text-stone-500">
            <tr>
              <th className="px-3 py-2">#</th>
              <th className="px-3 py-2">Why</th>
              <th className="px-3 py-2">Who</th>
              <th className="px-3 py-2">When</th>
              <th className="px-3 py-2 text-right">Characters</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr key={r.number} className="border-t border-stone-100">
                <td className="px-3 py-2">{r.number}</td>
                <td className="px-3 py-2">{r.reason}</td>
                <td className="px-3 py-2">{r.createdByName}</td>
                <td className="px-3 py-2">
                  <When at={r.createdAt} time />
                </td>
                <td className="px-3 py-2 text-right">{r.length.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {revisions.length > 1 && <RevisionDiff articleId={id} numbers={revisions.map((r) => r.number)} />}
    </section>
  )
}

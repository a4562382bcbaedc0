import type { Metadata } from 'next'
import Link from 'next/link'
import { pageUser } from '@/lib/auth/page'
import { deskReport } from '@/lib/db/report'
import { formatDuration } from '@/lib/report/csv'
import { reportPeriod, reportQuerySchema } from '@/lib/validation/report'
import { ERROR_CATEGORIES, VERDICTS, verdictLabel } from '@/lib/validation/vocabulary'
import { BarChart } from '@/components/report/bar-chart'
import { TableScroll } from '@/components/table-scroll'

export const metadata: Metadata = { title: 'Desk report' }

type Params = Record<string, string | string[] | undefined>

const FIX_SERIES = [
  { key: 'proposed', label: 'Proposed', className: 'fill-stone-400' },
  { key: 'approved', label: 'Approved', className: 'fill-emerald-600' },
  { key: 'rejected', label: 'Rejected', className: 'fill-red-600' },
  { key: 'published', label: 'Published', className: 'fill-sky-700' },
]

const th = 'border-b border-stone-200 px-2 py-1 text-left font-medium'
const td = 'border-b border-stone-100 px-2 py-1 tabular-nums'

export default async function ReportPage({ searchParams }: { searchParams: Promise<Params> }) {
  const raw = await searchParams
  const one = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? (raw[k] as string) : undefined)
  const given = Object.fromEntries(['from', 'to'].map((k) => [k, one(k)]).filter(([, v]) => v)) as Record<string, string>
  const user = await pageUser(`/report?${new URLSearchParams(given)}`)
  const parsed = reportQuerySchema.safeParse(given)
  const problem = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
  const { from, to } = reportPeriod(parsed.success ? parsed.data : {})
  const ok = from < to
  const report = ok ? await deskReport({ actor: user, from, to }) : null
  const day = (d: Date) => d.toISOString().slice(0, 10)
  const lastDay = new Date(to.getTime() - 1)
  const csv = `/api/report?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), format: 'csv' })}`
  return (
    <section>
      <h1 className="mb-1 text-2xl font-semibold">Desk report</h1>
      <form action="/report" method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Period">
        <label className="flex flex-col text-xs text-stone-600">
          From
          <input type="date" name="from" defaultValue={day(from)} className="mt-0.5 rounded border border-stone-300 px-1 py-1 text-sm text-stone-900" />
        </label>
        <label className="flex flex-col text-xs text-stone-600">
          To (included)
          <input type="date" name="to" defaultValue={day(lastDay)} className="mt-0.5 rounded border border-stone-300 px-1 py-1 text-sm text-stone-900" />
        </label>
        <button type="submit" className="rounded bg-stone-900 px-3 py-1 font-medium text-white hover:bg-stone-700">
          Show
        </button>
        {report && (
          <a href={csv} className="text-blue-700 underline" download>
            Download CSV
          </a>
        )}
      </form>
      {(problem || !ok) && (
        <p role="alert" className="mb-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem ?? 'The period must end after it starts.'}
        </p>
      )}
      {report && (
        <div className="space-y-8">
          <p className="text-sm text-stone-600" data-testid="report-summary">
            {day(from)} to {day(lastDay)}: {report.fixes.totals.proposed} {report.fixes.totals.proposed === 1 ? 'fix' : 'fixes'} proposed, {report.fixes.totals.approved} approved, {report.fixes.totals.rejected} rejected, {report.fixes.totals.published} published.
          </p>
          <section aria-labelledby="fixes-by-category">
            <h2 id="fixes-by-category" className="mb-2 text-lg font-semibold">
              Corrections by category
            </h2>
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_auto]">
              <BarChart title="Corrections by category" groups={[...ERROR_CATEGORIES]} series={FIX_SERIES} data={report.fixes.byCategory} />
              <TableScroll label="Corrections by category, in numbers">
                <table className="text-sm" data-testid="fixes-table">
                  <caption className="sr-only">Corrections by category, in numbers</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={th}>Category</th>
                      {FIX_SERIES.map((s) => (
                        <th key={s.key} scope="col" className={th}>
                          {s.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {report.fixes.byCategory.map((c) => (
                      <tr key={c.category}>
                        <th scope="row" className={`${td} text-left font-normal`}>
                          {c.category}
                        </th>
                        <td className={td}>{c.proposed}</td>
                        <td className={td}>{c.approved}</td>
                        <td className={td}>{c.rejected}</td>
                        <td className={td}>{c.published}</td>
                      </tr>
                    ))}
                    <tr>
                      <th scope="row" className={`${td} text-left font-semibold`}>
                        All
                      </th>
                      <td className={td}>{report.fixes.totals.proposed}</td>
                      <td className={td}>{report.fixes.totals.approved}</td>
                      <td className={td}>{report.fixes.totals.rejected}</td>
                      <td className={td}>{report.fixes.totals.published}</td>
                    </tr>
                  </tbody>
                </table>
              </TableScroll>
            </div>
          </section>
          <section aria-labelledby="how-fast">
            <h2 id="how-fast" className="mb-2 text-lg font-semibold">
              How fast
            </h2>
            <TableScroll label="Time from proposal to review and to publication">
              <table className="text-sm" data-testid="times-table">
                <caption className="sr-only">Time from proposal to review and to publication</caption>
                <thead>
                  <tr>
                    <th scope="col" className={th}>From proposal to</th>
                    <th scope="col" className={th}>Fixes</th>
                    <th scope="col" className={th}>Median</th>
                    <th scope="col" className={th}>90th percentile</th>
                  </tr>
                </thead>
                <tbody>
                  {(
                    [
                      ['the first review', report.timeToReview],
                      ['publication', report.timeToPublication],
                    ] as const
                  ).map(([label, d]) => (
                    <tr key={label}>
                      <th scope="row" className={`${td} text-left font-normal`}>
                        {label}
                      </th>
                      <td className={td}>{d.count}</td>
                      <td className={td}>{formatDuration(d.medianSeconds)}</td>
                      <td className={td}>{formatDuration(d.p90Seconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
          <section aria-labelledby="claims-by-verdict">
            <h2 id="claims-by-verdict" className="mb-2 text-lg font-semibold">
              Claims by verdict
            </h2>
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_auto]">
              <BarChart title="Claims by verdict" groups={VERDICTS.map(verdictLabel)} series={[{ key: 'count', label: 'Claims', className: 'fill-amber-500' }]} data={report.claimsByVerdict} />
              <TableScroll label="Claims by verdict, in numbers">
                <table className="text-sm" data-testid="verdicts-table">
                  <caption className="sr-only">Claims by verdict, in numbers</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={th}>Verdict</th>
                      <th scope="col" className={th}>Claims</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.claimsByVerdict.map((v) => (
                      <tr key={v.verdict}>
                        <th scope="row" className={`${td} text-left font-normal`}>
                          {verdictLabel(v.verdict)}
                        </th>
                        <td className={td}>{v.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </div>
          </section>
          <section aria-labelledby="per-article" className="grid grid-cols-1 gap-8 lg:grid-cols-2">
            <div>
              <h2 id="per-article" className="mb-2 text-lg font-semibold">
                Articles
              </h2>
              <TableScroll label="The most worked-on articles of the period">
                <table className="w-full text-sm" data-testid="articles-table">
                  <caption className="sr-only">The most worked-on articles of the period</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={th}>Article</th>
                      <th scope="col" className={th}>Proposed</th>
                      <th scope="col" className={th}>Approved</th>
                      <th scope="col" className={th}>Rejected</th>
                      <th scope="col" className={th}>Published</th>
                      <th scope="col" className={th}>Claims</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.articles.map((a) => (
                      <tr key={a.id}>
                        <th scope="row" className={`${td} max-w-xs truncate text-left font-normal`}>
                          <Link href={`/articles/${a.id}`} className="text-blue-700 underline">
                            {a.title}
                          </Link>
                        </th>
                        <td className={td}>{a.proposed}</td>
                        <td className={td}>{a.approved}</td>
                        <td className={td}>{a.rejected}</td>
                        <td className={td}>{a.published}</td>
                        <td className={td}>{a.claims}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </div>
            <div>
              <h2 className="mb-2 text-lg font-semibold">People</h2>
              <TableScroll label="Who proposed fixes, reviewed them and checked claims">
                <table className="w-full text-sm" data-testid="people-table">
                  <caption className="sr-only">Who proposed fixes, reviewed them and checked claims</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={th}>Person</th>
                      <th scope="col" className={th}>Fixes proposed</th>
                      <th scope="col" className={th}>Reviews</th>
                      <th scope="col" className={th}>Claims</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.people.map((p) => (
                      <tr key={p.id}>
                        <th scope="row" className={`${td} text-left font-normal`}>
                          {p.name}
                        </th>
                        <td className={td}>{p.proposed}</td>
                        <td className={td}>{p.reviews}</td>
                        <td className={td}>{p.claims}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </div>
          </section>
        </div>
      )}
    </section>
  )
}

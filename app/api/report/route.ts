import { apiRoute, json, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { deskReport } from '@/lib/db/report'
import { reportCsv } from '@/lib/report/csv'
import { reportPeriod, reportQuerySchema } from '@/lib/validation/report'

export const runtime = 'nodejs'

// GET /api/report?from=…&to=…[&article=…][&format=csv] — the desk report's figures (every
// signed-in user): JSON, or CSV to download.
export const GET = apiRoute(async (req) => {
  const actor = await requireUser()
  const q = readQuery(req, reportQuerySchema)
  const { from, to } = reportPeriod(q)
  const report = await deskReport({ actor, from, to, articleId: q.article })
  if (q.format === 'csv') {
    return new Response(reportCsv(report), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="galley-report-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv"`, 'cache-control': 'no-store' },
    })
  }
  return json(report)
})

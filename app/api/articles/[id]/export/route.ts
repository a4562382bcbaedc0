import { z } from 'zod'
import { apiRoute, readQuery } from '@/lib/api/handler'
import { requireUser } from '@/lib/auth/session'
import { getExportData } from '@/lib/db/exports'
import { EXPORT_FORMATS, contentDisposition, exportContextFrom, renderExport } from '@/lib/export/article-export'

export const runtime = 'nodejs'
type Ctx = { params: Promise<{ id: string }> }

const querySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: `must be one of ${EXPORT_FORMATS.join(', ')}` }).default('text'),
  download: z.enum(['0', '1']).optional(),
})

// GET /api/articles/:id/export?format=text|markdown|html|json|w3c|claimreview[&download=1] — the corrected
// article, or its annotations as W3C Web Annotations or schema.org ClaimReview.
export const GET = apiRoute(async (req, { params }: Ctx) => {
  const actor = await requireUser()
  const query = readQuery(req, querySchema)
  const data = await getExportData({ articleId: (await params).id, actor })
  const out = renderExport(query.format, data, exportContextFrom(process.env, { url: req.url, headers: req.headers }))
  return new Response(out.body, {
    headers: {
      'content-type': out.contentType,
      'content-disposition': contentDisposition(data.article.title, out.extension, query.download === '1' ? 'attachment' : 'inline'),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  })
})

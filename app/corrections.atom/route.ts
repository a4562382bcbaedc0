import { listPublicCorrections, publicCorrectionsEnabled } from '@/lib/db/public-corrections'
import { exportContextFrom } from '@/lib/export/article-export'
import { correctionsAtom } from '@/lib/export/public-corrections'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

// GET /corrections.atom — the public corrections page as an Atom feed (GALLEY_PUBLIC_CORRECTIONS=1).
export async function GET(req: Request): Promise<Response> {
  if (!publicCorrectionsEnabled()) return Response.json({ error: { code: 'not_found', message: 'The public corrections page is not enabled here.' } }, { status: 404 })
  const { origin, publisher } = exportContextFrom(process.env, req)
  return new Response(correctionsAtom(await listPublicCorrections(), origin, publisher), {
    headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=60' },
  })
}

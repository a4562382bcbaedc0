import { listPublicCorrections, publicCorrectionsEnabled } from '@/lib/db/public-corrections'
import { exportContextFrom } from '@/lib/export/article-export'
import { correctionsAtom, parseCursor } from '@/lib/export/public-corrections'
import { notModified } from '@/lib/http/conditional'
import { cacheHeaders, publicCorrectionsValidators } from '@/lib/http/public-corrections'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

// GET /corrections.atom — the public corrections page as an Atom feed (GALLEY_PUBLIC_CORRECTIONS=1):
// the newest entries, older ones through rel="next" (?before=); 304 while nothing changed.
export async function GET(req: Request): Promise<Response> {
  if (!publicCorrectionsEnabled()) return Response.json({ error: { code: 'not_found', message: 'The public corrections page is not enabled here.' } }, { status: 404 })
  const before = new URL(req.url).searchParams.get('before')
  const cursor = before === null ? null : parseCursor(before)
  if (before !== null && !cursor) {
    return Response.json({ error: { code: 'bad_request', message: 'The before parameter is not a page of this feed: follow its rel="next" link.' } }, { status: 400 })
  }
  const { origin, publisher } = exportContextFrom(process.env, req)
  // The validators are read first, so a tag never names a newer version than the feed it goes out with.
  const validators = await publicCorrectionsValidators({ kind: 'feed', before, origin, publisher })
  const headers = cacheHeaders('feed', validators)
  if (notModified(req.method, req.headers, validators)) return new Response(null, { status: 304, headers })
  const { entries, next } = await listPublicCorrections({ before: cursor })
  // When what the feed shows last changed (an article hidden changes it too, not only a new entry).
  const updated = validators.changedAt.toISOString()
  return new Response(correctionsAtom({ entries, next, before, updated }, origin, publisher), {
    headers: { ...headers, 'content-type': 'application/atom+xml; charset=utf-8' },
  })
}

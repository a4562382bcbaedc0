import 'server-only'
import { publicCorrectionsState } from '@/lib/db/public-corrections'
import { PUBLIC_CORRECTIONS_PAGE_SIZE } from '@/lib/export/public-corrections'
import { buildId } from './build-id'
import { httpDate, weakEtag, type Validators } from './conditional'

/**
 * Caching of the public corrections page and feed. The page is `private, no-cache`: every view
 * asks again, and is answered 304 from one read while nothing changed. Private because its HTML
 * carries a per-response CSP nonce (a shared cache would hand one nonce to every reader) and its
 * header differs for a signed-in reader. The feed has neither, and feed readers poll: any cache
 * may keep it a minute, then revalidate.
 */
export const CACHE_CONTROL = { page: 'private, no-cache', feed: 'public, max-age=60' } as const

/**
 * ETag and Last-Modified of a page or feed page: the entries' version (one read of the counter the
 * database moves with every change the page may show), the cursor, and everything else the output
 * depends on (address, publisher name, page size, build).
 */
export async function publicCorrectionsValidators({
  kind,
  before,
  origin,
  publisher,
}: {
  kind: keyof typeof CACHE_CONTROL
  before: string | null
  origin: string
  publisher: { name: string }
}): Promise<Validators & { changedAt: Date }> {
  const state = await publicCorrectionsState()
  const etag = weakEtag(['galley-public-corrections', kind, buildId(), state.version, before ?? '', origin, publisher.name, PUBLIC_CORRECTIONS_PAGE_SIZE])
  // HTTP dates count whole seconds, so a client told "12:00:00" for a change at 12:00:00.2 would get
  // 304 for a second change at 12:00:00.7. While the last change is under a second old, say a
  // second earlier: the next If-Modified-Since then gets the page again (once), never a stale 304.
  const fresh = state.now.getTime() - state.changedAt.getTime() < 1000
  return { etag, lastModified: fresh ? new Date(state.changedAt.getTime() - 1000) : state.changedAt, changedAt: state.changedAt }
}

/** The validator and cache headers of a 200 or 304. */
export function cacheHeaders(kind: keyof typeof CACHE_CONTROL, { etag, lastModified }: Validators): Record<string, string> {
  return { ETag: etag, 'Last-Modified': httpDate(lastModified), 'Cache-Control': CACHE_CONTROL[kind] }
}

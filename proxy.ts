import { NextResponse, type NextRequest } from 'next/server'
import { newNonce, pageCsp } from '@/lib/http/csp'
import { notModified, type Validators } from '@/lib/http/conditional'
import { cacheHeaders, publicCorrectionsValidators } from '@/lib/http/public-corrections'
import { publicCorrectionsEnabled } from '@/lib/db/public-corrections'
import { exportContextFrom } from '@/lib/export/article-export'
import { parseCursor } from '@/lib/export/public-corrections'

/**
 * Every page request gets a fresh CSP nonce: Next.js reads it from the request's
 * Content-Security-Policy header and puts it on the scripts it renders, and the browser runs no
 * other inline script. Page requests without a session cookie go to the sign-in page; that is
 * only a convenience redirect: every page, route and action checks the session again on the
 * server, and /api/* answers 401 JSON itself instead of redirecting. The public corrections page
 * gets its ETag and Last-Modified here, and a 304 when the reader has it already: the one page a
 * crowd may load, answered from one read of a counter.
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token']
// The public corrections page and feed answer 404 unless GALLEY_PUBLIC_CORRECTIONS=1.
const PUBLIC_PAGES = ['/signin', '/corrections', '/corrections.atom']

export async function proxy(req: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => req.cookies.has(name))
  if (!hasSession && !PUBLIC_PAGES.includes(req.nextUrl.pathname)) {
    const url = req.nextUrl.clone()
    url.pathname = '/signin'
    url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`
    return NextResponse.redirect(url)
  }
  const validators = hasSession ? null : await correctionsValidators(req)
  // The reader has this page already: no render, no nonce (the 304 must not replace the CSP the
  // cached page's scripts carry the nonce of).
  if (validators && notModified(req.method, req.headers, validators)) return new NextResponse(null, { status: 304, headers: cacheHeaders('page', validators) })
  const csp = pageCsp(newNonce(), process.env.NODE_ENV === 'development')
  const headers = new Headers(req.headers)
  headers.set('content-security-policy', csp)
  const res = NextResponse.next({ request: { headers } })
  res.headers.set('Content-Security-Policy', csp)
  if (validators) for (const [name, value] of Object.entries(cacheHeaders('page', validators))) res.headers.set(name, value)
  return res
}

/**
 * Validators of the public corrections page, for a signed-out reader's request of the document
 * (a page cannot answer 304 itself). Read before the page renders, so a tag never names a newer
 * version than the page it goes out with. Null for anything else, and when they cannot be read (the page
 * then answers as it can, without them): signed-in readers see their own header on it, and React
 * Server Component requests are another representation of the same URL.
 */
async function correctionsValidators(req: NextRequest): Promise<Validators | null> {
  if (req.nextUrl.pathname !== '/corrections' || (req.method !== 'GET' && req.method !== 'HEAD')) return null
  if (!publicCorrectionsEnabled() || req.headers.has('rsc') || req.nextUrl.searchParams.has('_rsc')) return null
  const before = req.nextUrl.searchParams.get('before')
  if (before !== null && !parseCursor(before)) return null
  const { origin, publisher } = exportContextFrom(process.env, req)
  try {
    return await publicCorrectionsValidators({ kind: 'page', before, origin, publisher })
  } catch (err) {
    console.error(`The public corrections page's validators could not be read: ${(err as Error).message}`)
    return null
  }
}

export const config = {
  // Pages only: not the API (its own CSP is in next.config.js), nor static assets.
  matcher: ['/((?!api/|_next/|favicon.ico|.*\\.(?:png|svg|ico|txt|woff2?)$).*)'],
}

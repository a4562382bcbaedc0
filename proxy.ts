import { NextResponse, type NextRequest } from 'next/server'
import { newNonce, pageCsp } from '@/lib/http/csp'

/**
 * Every page request gets a fresh CSP nonce: Next.js reads it from the request's
 * Content-Security-Policy header and puts it on the scripts it renders, and the browser runs no
 * other inline script. Page requests without a session cookie go to the sign-in page; that is
 * only a convenience redirect: every page, route and action checks the session again on the
 * server, and /api/* answers 401 JSON itself instead of redirecting.
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token']
// The public corrections page and feed answer 404 unless GALLEY_PUBLIC_CORRECTIONS=1.
const PUBLIC_PAGES = ['/signin', '/corrections', '/corrections.atom']

export function proxy(req: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => req.cookies.has(name))
  if (!hasSession && !PUBLIC_PAGES.includes(req.nextUrl.pathname)) {
    const url = req.nextUrl.clone()
    url.pathname = '/signin'
    url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`
    return NextResponse.redirect(url)
  }
  const csp = pageCsp(newNonce(), process.env.NODE_ENV === 'development')
  const headers = new Headers(req.headers)
  headers.set('content-security-policy', csp)
  const res = NextResponse.next({ request: { headers } })
  res.headers.set('Content-Security-Policy', csp)
  return res
}

export const config = {
  // Pages only: not the API (its own CSP is in next.config.js), nor static assets.
  matcher: ['/((?!api/|_next/|favicon.ico|.*\\.(?:png|svg|ico|txt|woff2?)$).*)'],
}

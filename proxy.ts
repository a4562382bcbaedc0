import { NextResponse, type NextRequest } from 'next/server'

/**
 * Page requests without a session cookie go to the sign-in page. This is only a redirect for
 * convenience: every page, route and action checks the session again on the server, and /api/*
 * answers 401 JSON itself instead of redirecting.
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token']

export function proxy(req: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => req.cookies.has(name))
  if (hasSession) return NextResponse.next()
  const url = req.nextUrl.clone()
  url.pathname = '/signin'
  url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`
  return NextResponse.redirect(url)
}

export const config = {
  // Everything except the API, the sign-in page and static assets.
  matcher: ['/((?!api/|signin|_next/|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)'],
}

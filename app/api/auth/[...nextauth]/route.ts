// /api/auth/* — Auth.js: sign-in, sign-out, session, CSRF token, the single sign-on callback.
import { handlers } from '@/lib/auth/config'
import { AppError } from '@/lib/errors'
import { errorResponse } from '@/lib/api/handler'

export const runtime = 'nodejs'

/**
 * A single sign-on callback Auth.js could not accept (a forged or replayed state, a PKCE or nonce
 * mismatch, a provider error) is sent back to the sign-in page with a message for a browser; any
 * other caller gets a 400 in the error contract. Nothing is signed in either way.
 */
export async function GET(req: Request): Promise<Response> {
  const res = await handlers.GET(req as never)
  const path = new URL(req.url).pathname
  if (!path.startsWith('/api/auth/callback/') || res.status < 300 || res.status >= 400) return res
  const location = res.headers.get('location') ?? ''
  let error: string | null = null
  try {
    error = new URL(location, req.url).searchParams.get('error')
  } catch {
    error = null
  }
  // Refusals of a known person (not provisioned, unverified email …) are for the page to explain.
  if (!error || /^[a-z_]+$/.test(error)) return res
  if ((req.headers.get('accept') ?? '').includes('text/html')) return res
  return errorResponse(new AppError('bad_request', `The sign-in response could not be accepted (${error}): its state, PKCE or nonce did not match a sign-in started here. Start again from the sign-in page.`))
}

export const { POST } = handlers

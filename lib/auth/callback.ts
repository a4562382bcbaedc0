/**
 * Where to go after signing in: only a path on this site. The value is parsed as a URL against
 * the site's origin, as a browser would resolve it, so "/\\evil.test", "/\t/evil.test" and
 * "//evil.test" (which browsers read as another host) are refused, and CR/LF, which the URL parser
 * drops, can never reach a Location header. Pure.
 */
export const DEFAULT_AFTER_SIGN_IN = '/articles'

export function safeCallbackPath(value: unknown, origin = 'http://galley.invalid'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return DEFAULT_AFTER_SIGN_IN
  let url: URL
  let base: URL
  try {
    base = new URL(origin)
    url = new URL(value, base)
  } catch {
    return DEFAULT_AFTER_SIGN_IN
  }
  if (url.origin !== base.origin) return DEFAULT_AFTER_SIGN_IN
  const path = `${url.pathname}${url.search}${url.hash}`
  // Belt and braces: what we return must itself resolve to this origin when a browser reads it.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return DEFAULT_AFTER_SIGN_IN
  return path
}

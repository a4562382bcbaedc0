/**
 * Single sign-on settings from the environment: a generic OpenID Connect provider through
 * Auth.js (GALLEY_OIDC_ISSUER, GALLEY_OIDC_CLIENT_ID, GALLEY_OIDC_CLIENT_SECRET, GALLEY_OIDC_NAME),
 * and whether password sign-in is on (GALLEY_PASSWORD_SIGNIN=off turns it off; the user CLI
 * still works).
 */
export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string }

export const OIDC_PROVIDER_ID = 'oidc'

export function oidcSettings(env: Record<string, string | undefined> = process.env): OidcSettings | null {
  const issuer = env.GALLEY_OIDC_ISSUER?.trim()
  const clientId = env.GALLEY_OIDC_CLIENT_ID?.trim()
  const clientSecret = env.GALLEY_OIDC_CLIENT_SECRET?.trim()
  if (!issuer || !clientId || !clientSecret) return null
  return { issuer, clientId, clientSecret, name: env.GALLEY_OIDC_NAME?.trim() || 'Single sign-on' }
}

export function passwordSignInEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return (env.GALLEY_PASSWORD_SIGNIN ?? '').trim().toLowerCase() !== 'off'
}

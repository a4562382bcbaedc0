/**
 * First run: with the embedded demo database (`npm start` without DATABASE_URL), the sign-in page
 * offers the demo accounts with a one-click sign-in. Never with a newsroom's own database unless
 * GALLEY_DEMO=1 says so (a demo server); GALLEY_DEMO=0 turns it off everywhere.
 */
export function demoSignInEnabled(env: Record<string, string | undefined> = process.env): boolean {
  const demo = (env.GALLEY_DEMO ?? '').trim()
  if (demo === '0') return false
  if (demo === '1') return true
  return env.GALLEY_EMBEDDED_DB === '1'
}

/** The demo accounts' password (the seed's). */
export const demoPassword = (env: Record<string, string | undefined> = process.env) => env.DEMO_PASSWORD ?? 'galley-demo'

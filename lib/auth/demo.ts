/**
 * First run: the demo accounts with a one-click sign-in on the sign-in page.
 *
 * - `local` — the embedded demo database of `npm start` (no DATABASE_URL) and GALLEY_DEMO unset:
 *   offered to, and accepted from, this machine only (loopback; lib/http/peer.ts says how that is
 *   told). Anyone else who reaches the server sees the plain sign-in form.
 * - `everyone` — GALLEY_DEMO=1: a public demo server; anyone who reaches it may continue as admin.
 * - `off` — GALLEY_DEMO=0 (everywhere, this machine included), or a database of one's own
 *   (DATABASE_URL) without GALLEY_DEMO=1.
 *
 * On the embedded demo database the demo accounts' published password is also accepted only from
 * this machine unless GALLEY_DEMO=1: hiding the button would mean little if anyone could type it.
 */
export type DemoMode = 'off' | 'local' | 'everyone'

type Env = Record<string, string | undefined>

export function demoMode(env: Env = process.env): DemoMode {
  const demo = (env.GALLEY_DEMO ?? '').trim()
  if (demo === '0') return 'off'
  if (demo === '1') return 'everyone'
  return env.GALLEY_EMBEDDED_DB === '1' ? 'local' : 'off'
}

/** Whether the demo accounts' published password works only from this machine (see above). */
export function demoPasswordLocalOnly(env: Env = process.env): boolean {
  return env.GALLEY_EMBEDDED_DB === '1' && demoMode(env) !== 'everyone'
}

/** The demo accounts' password (the seed's). */
export const demoPassword = (env: Env = process.env) => env.DEMO_PASSWORD ?? 'galley-demo'

/** What `npm start` says about demo sign-in in its first lines: which mode, and how to change it. */
export function demoModeLine(env: Env = process.env): string {
  const value = (env.GALLEY_DEMO ?? '').trim()
  const ignored = value && value !== '0' && value !== '1' ? ` (GALLEY_DEMO=${value.slice(0, 20)} is neither 0 nor 1, so it is ignored)` : ''
  switch (demoMode(env)) {
    case 'local':
      return `Demo sign-in: on for this machine only (localhost) — set GALLEY_DEMO=0 to turn it off / GALLEY_DEMO=1 to offer it to everyone${ignored}`
    case 'everyone':
      return `Demo sign-in: ON FOR EVERYONE who can reach this server (GALLEY_DEMO=1): anyone can continue as admin — ${env.GALLEY_EMBEDDED_DB === '1' ? 'unset GALLEY_DEMO for this machine only, ' : ''}set GALLEY_DEMO=0 to turn it off`
    case 'off':
      return value === '0' ? 'Demo sign-in: off (GALLEY_DEMO=0)' : `Demo sign-in: off (a database of your own: DATABASE_URL) — GALLEY_DEMO=1 offers it to everyone${ignored}`
  }
}

/**
 * Next.js calls register() once when a server process starts, and serves nothing until it
 * returns (so nothing slow is awaited here): every request is stamped with the address its
 * connection came from (lib/http/peer.ts: demo sign-in answers this machine only); every app
 * instance sends the webhook deliveries that are due (lib/webhooks/worker.ts), including any a crashed instance left behind; single sign-on
 * settings that do nothing are said; and the public corrections of fixes published before an
 * upgrade stored them are written, in the background (once; a failure is logged and tried on the
 * next start).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return
  const { installPeerStamp } = await import('@/lib/http/peer')
  installPeerStamp()
  const { ssoSettingWarnings } = await import('@/lib/auth/sso')
  for (const warning of ssoSettingWarnings()) console.warn(`[galley] ${warning}`)
  const { startWebhookWorker } = await import('@/lib/webhooks/worker')
  startWebhookWorker()
  // In the background: a large desk's first start after the upgrade still answers at once (a
  // publication on an article not yet written writes its earlier entry first itself).
  const { backfillPublicCorrections } = await import('@/lib/db/public-corrections')
  void backfillPublicCorrections().catch((err: Error) => console.error(`Public corrections: the backfill did not run (${err.message}); it runs again on the next start.`))
}

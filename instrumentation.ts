/**
 * Next.js calls register() once when a server process starts: every request is stamped with the
 * address its connection came from (lib/http/peer.ts: demo sign-in answers this machine only);
 * every app instance sends the webhook deliveries that are due (lib/webhooks/worker.ts),
 * including any a crashed instance left behind; single sign-on settings that do nothing are said.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return
  const { installPeerStamp } = await import('@/lib/http/peer')
  installPeerStamp()
  const { ssoSettingWarnings } = await import('@/lib/auth/sso')
  for (const warning of ssoSettingWarnings()) console.warn(`[galley] ${warning}`)
  const { startWebhookWorker } = await import('@/lib/webhooks/worker')
  startWebhookWorker()
}

import 'server-only'
import postgres from 'postgres'

/**
 * A LISTEN connection (porsager/postgres keeps one dedicated connection for all its listeners and
 * re-subscribes after a reconnect). `onListen` runs once all channels are subscribed, and again
 * after every reconnect: NOTIFYs sent while it was down are lost, so the caller catches up from
 * the log then. It does not try to be immortal: the caller watches it (a ping through it) and
 * replaces it when it stops delivering, and `onError` reports a subscription that failed.
 */
export type Listener = { stop: () => Promise<void> }

export function openListener({
  channels,
  onNotify,
  onListen,
  onError,
}: {
  channels: string[]
  onNotify: (channel: string, payload: string) => void
  onListen: () => void
  onError: (err: unknown) => void
}): Listener {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set.')
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5, connection: { application_name: 'galley-listen' } })
  const ready = new Set<string>()
  for (const channel of channels) {
    sql
      .listen(
        channel,
        (payload) => {
          try {
            onNotify(channel, payload)
          } catch (err) {
            onError(err)
          }
        },
        () => {
          ready.add(channel)
          if (ready.size === channels.length) onListen()
        },
      )
      .catch(onError)
  }
  return { stop: () => sql.end({ timeout: 1 }).catch(() => {}) }
}

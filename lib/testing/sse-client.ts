/**
 * An event-stream reader for tests and benchmarks: opens a Server-Sent Events URL with a client's
 * cookies (or token), parses frames as EventSource would, and lets a test wait for an event.
 */
import type { ApiClient } from './api-client'

export type SseEvent = { id: string | null; event: string; data: any; at: number }

export class SseStream {
  readonly events: SseEvent[] = []
  /** Keep-alive comment lines (`: ping`) seen. */
  pings = 0
  status = 0
  headers: Headers | null = null
  ended = false
  lastEventId: string | null = null
  /** With `reconnect`, how many times the stream was opened again after it dropped. */
  reconnects = 0
  private abort = new AbortController()
  private waiters: Array<() => void> = []
  private opened: Promise<void>
  private closing = false

  /**
   * `reconnect`: behave as a browser's EventSource does — when the connection drops (or cannot be
   * made), open it again after a moment with `Last-Event-ID`, until close().
   */
  constructor(
    private client: ApiClient,
    private path: string,
    init: { lastEventId?: string; reconnect?: boolean } = {},
  ) {
    this.lastEventId = init.lastEventId ?? null
    this.reconnect = Boolean(init.reconnect)
    this.opened = this.connect()
  }
  private reconnect: boolean

  private connect(): Promise<void> {
    const headers: Record<string, string> = { accept: 'text/event-stream' }
    if (this.lastEventId !== null) headers['last-event-id'] = this.lastEventId
    return this.client.raw(this.path, { headers, signal: this.abort.signal }).then(
      async (res) => {
        this.status = res.status
        this.headers = res.headers
        if (!res.ok || !res.body) {
          await res.text().catch(() => '')
          this.dropped()
          return
        }
        void this.read(res.body)
      },
      () => this.dropped(),
    )
  }

  private dropped() {
    if (this.reconnect && !this.closing) {
      this.reconnects += 1
      setTimeout(() => void this.connect(), 500)
      return
    }
    this.ended = true
    this.wake()
  }

  /** Resolves once the response headers are in (status known). */
  ready(): Promise<this> {
    return this.opened.then(() => this)
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder()
    let buf = ''
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true })
        let i: number
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i)
          buf = buf.slice(i + 2)
          this.parse(frame)
        }
      }
    } catch {
      // aborted, or the connection dropped
    }
    this.dropped()
  }

  private parse(frame: string) {
    let id: string | null = null
    let event = 'message'
    const data: string[] = []
    let any = false
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) {
        if (line.trim() === ': ping') this.pings += 1
        continue
      }
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'id') id = value
      else if (field === 'event') event = value
      else if (field === 'data') (data.push(value), (any = true))
    }
    if (id !== null) this.lastEventId = id
    if (!any) return
    const text = data.join('\n')
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON
    }
    this.events.push({ id, event, data: parsed, at: Date.now() })
    this.wake()
  }

  private wake() {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }

  /** The first event (from `from` on) matching `match`, waiting up to `ms`. */
  async next(match: (e: SseEvent) => boolean, ms = 5_000, from = 0): Promise<SseEvent> {
    const deadline = Date.now() + ms
    for (;;) {
      const hit = this.events.slice(from).find(match)
      if (hit) return hit
      if (this.ended) throw new Error(`The stream ended before the event arrived (${this.events.length} events: ${this.events.map((e) => `${e.event}/${e.data?.action}`).join(', ')})`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`No such event within ${ms} ms (${this.events.length} events: ${this.events.map((e) => `${e.event}/${e.data?.action}`).join(', ')})`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.waiters.push(() => (clearTimeout(t), resolve()))
      })
    }
  }

  /** Wait until the stream has ended (the server closed it). */
  async closedByServer(ms = 5_000): Promise<void> {
    const deadline = Date.now() + ms
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('The stream is still open.')
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100)
        this.waiters.push(() => (clearTimeout(t), resolve()))
      })
    }
  }

  close() {
    this.closing = true
    this.abort.abort()
  }
}

import 'server-only'
import crypto from 'node:crypto'
import type { PresentedCredential } from '@/lib/db/credentials'
import { openListener, type Listener } from '@/lib/db/listen'
import {
  actingUser,
  countLogAfter,
  deletePresence,
  liveLogPosition,
  notifyChannel,
  notifyPresence,
  presenceViewers,
  readArticleLog,
  readArticlesLog,
  readLiveLog,
  sweepPresence,
  upsertPresence,
} from '@/lib/db/live'
import { can } from '@/lib/auth/permissions'
import type { LiveEvent, LiveStreamEnd, PresenceViewer } from '@/lib/types/live'
import { AppError } from '@/lib/errors'
import { affectsAccess, isQueueEvent, sseFrame, toLiveEvent, type LogRow } from './events'

/**
 * The live hub: one per app process. It holds one LISTEN connection, reads the commit-ordered log
 * (LiveEvent) after every NOTIFY (and every few seconds regardless, so a lost NOTIFY only delays),
 * and fans each event out in memory to this process's open streams. Every stream is re-authorised
 * before it is sent anything once its last check is older than ACCESS_TTL_MS, and at once after
 * any change to users or tokens, so a deactivated user, a changed password or a revoked token
 * stops a stream before the next event.
 *
 * Positions: a stream's `position` is the last log number it is complete up to. Events are sent
 * in log order with their number as the SSE id; a reconnect with `Last-Event-ID: N` replays the
 * scope's events after N from the database, then switches to live events, buffered meanwhile and
 * de-duplicated by number.
 */

export type Scope = { kind: 'article'; articleId: string } | { kind: 'queue' } | { kind: 'desk' }

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : fallback
}
/** How often an instance refreshes its presence rows, pings its listener and polls the log. */
const TICK_MS = num('GALLEY_LIVE_TICK_MS', 5_000)
/** Presence rows not refreshed for this long no longer count (a crashed instance's viewers). */
export const PRESENCE_STALE_MS = num('GALLEY_PRESENCE_STALE_MS', 30_000)
const KEEPALIVE_MS = num('GALLEY_LIVE_KEEPALIVE_MS', 15_000)
const ACCESS_TTL_MS = 10_000
/** Open streams one person may hold on one instance (tabs, scripts): more get 429. */
export const MAX_STREAMS_PER_USER = num('GALLEY_LIVE_MAX_STREAMS_PER_USER', 30)
const REPLAY_PAGE = 500
/**
 * The most events a reconnecting stream is replayed: a `Last-Event-ID` further behind than this
 * gets one `resync` (reload what the page shows) instead, so a crowd reconnecting with
 * `Last-Event-ID: 0` costs one count each, not the whole log each.
 */
export const MAX_REPLAY = num('GALLEY_LIVE_MAX_REPLAY', 1_000)
const DRAIN_COALESCE_MS = 10
/** Live events held for a stream while it replays; beyond this it is told to reload (resync). */
const MAX_BUFFERED_EVENTS = 5_000

type Stream = {
  id: string
  userId: string
  userName: string
  credential: PresentedCredential
  scope: Scope
  since: Date
  position: bigint
  replaying: boolean
  buffer: LiveEvent[]
  /** More came while replaying than a buffer holds, or the replay failed: send resync. */
  overflow: boolean
  checkedAt: number
  write: (chunk: string | Uint8Array) => boolean
  end: () => void
  closed: boolean
}

export type StreamSink = { write: (chunk: string | Uint8Array) => boolean; end: () => void }

const encoder = new TextEncoder()
/** Each event is framed and encoded once, however many streams it goes to. */
const frames = new WeakMap<LiveEvent, Uint8Array>()
function frameOf(e: LiveEvent): Uint8Array {
  let f = frames.get(e)
  if (!f) frames.set(e, (f = encoder.encode(sseFrame(e))))
  return f
}
const PING = encoder.encode(': ping\n\n')

class Hub {
  readonly instanceId = crypto.randomUUID()
  private position: bigint | null = null
  private starting: Promise<void> | null = null
  private streams = new Map<string, Stream>()
  private byArticle = new Map<string, Set<Stream>>()
  /** Streams of the review queue and the desk: they see events of every article. */
  private wide = new Set<Stream>()
  /** Places held by streams being opened (see reserve()). */
  private reserved = new Map<string, number>()
  /** Streams closed while a heartbeat was writing presence rows: their rows are deleted after it. */
  private closedDuringHeartbeat: string[] | null = null
  private listener: Listener | null = null
  private listenerSince = 0
  private lastPong = 0
  private listening = false
  private draining = false
  private drainAgain = false
  private forceCheck = false
  private lastViewers = new Map<string, PresenceViewer[]>()
  private presenceTimers = new Map<string, NodeJS.Timeout>()
  private timers: NodeJS.Timeout[] = []
  /** While a batch of log rows is fanned out: each stream's frames, written as one chunk after. */
  private batch: Map<Stream, Uint8Array[]> | null = null
  private drainTimer: NodeJS.Timeout | null = null

  /** How many streams this user has open on this instance. */
  streamsOf(userId: string): number {
    let n = 0
    for (const s of this.streams.values()) if (s.userId === userId) n += 1
    return n
  }

  stats() {
    return { instanceId: this.instanceId, streams: this.streams.size, listening: this.listening, position: this.position?.toString() ?? null }
  }

  start(): Promise<void> {
    this.starting ??= (async () => {
      this.position = await liveLogPosition()
      this.connect()
      const tick = setInterval(() => void this.tick(), TICK_MS)
      const keepalive = setInterval(() => this.keepalive(), KEEPALIVE_MS)
      tick.unref()
      keepalive.unref()
      this.timers.push(tick, keepalive)
    })().catch((err) => {
      this.starting = null
      throw err
    })
    return this.starting
  }

  private connect() {
    void this.listener?.stop()
    this.listening = false
    this.listenerSince = Date.now()
    this.lastPong = Date.now()
    this.listener = openListener({
      channels: ['galley_live', 'galley_presence', 'galley_ping'],
      onNotify: (channel, payload) => {
        if (channel === 'galley_live') this.drainSoon()
        else if (channel === 'galley_presence') this.presenceChanged(payload)
        else if (payload === this.instanceId) this.lastPong = Date.now()
      },
      onListen: () => {
        this.listening = true
        this.lastPong = Date.now()
        // Whatever was committed while we were not listening is in the log: catch up now, and
        // recount viewers (their rows may have been swept, or refreshed elsewhere, meanwhile).
        this.drain()
        void this.heartbeat()
      },
      onError: (err) => {
        this.listening = false
        console.error('[live] listener:', (err as Error).message ?? err)
      },
    })
  }

  /** Every TICK_MS: check the listener still delivers, poll the log, refresh presence. */
  private async tick() {
    const now = Date.now()
    if (now - this.lastPong > 3 * TICK_MS && now - this.listenerSince > 3 * TICK_MS) {
      console.error('[live] the LISTEN connection stopped answering; opening a new one')
      this.connect()
    }
    try {
      await notifyPing(this.instanceId)
    } catch {
      // the database is down: the listener reconnects by itself, or is replaced on a later tick
    }
    this.drain()
    await this.heartbeat()
  }

  private keepalive() {
    for (const s of this.streams.values()) if (!s.replaying) this.write(s, PING)
  }

  private write(s: Stream, chunk: string | Uint8Array) {
    if (s.closed) return
    if (this.batch && typeof chunk !== 'string') {
      const list = this.batch.get(s)
      if (list) list.push(chunk)
      else this.batch.set(s, [chunk])
      return
    }
    if (!s.write(chunk)) this.detach(s)
  }

  // ── Streams ──────────────────────────────────────────────────────────────────────────────

  /**
   * Hold a place for a stream of this user before anything is awaited, so parallel requests cannot
   * all pass the per-person cap. The place is taken by attach() or given back by release().
   */
  reserve(userId: string): () => void {
    const held = this.reserved.get(userId) ?? 0
    if (this.streamsOf(userId) + held >= MAX_STREAMS_PER_USER) {
      throw new AppError('rate_limited', `You have ${MAX_STREAMS_PER_USER} live streams open on this server already; close some tabs (or scripts) first.`)
    }
    this.reserved.set(userId, held + 1)
    let done = false
    return () => {
      if (done) return
      done = true
      const n = (this.reserved.get(userId) ?? 1) - 1
      if (n > 0) this.reserved.set(userId, n)
      else this.reserved.delete(userId)
    }
  }

  /**
   * Open a stream: replay what it missed after `lastEventId` (or start from now), then live
   * events. The caller has authorised the user, checked the scope exists and reserved a place;
   * `signal` aborts a replay whose client has gone.
   */
  async attach({ user, credential, scope, lastEventId, sink, signal, release }: { user: { id: string; name: string }; credential: PresentedCredential; scope: Scope; lastEventId: bigint | null; sink: StreamSink; signal: AbortSignal; release: () => void }): Promise<() => void> {
    try {
      await this.start()
    } finally {
      release()
    }
    let current = this.position ?? BigInt(0)
    // A page rendered from the database may be a little ahead of this instance's hub (it reads
    // the log a few milliseconds after each commit): only an id beyond the database's log is unknown.
    if (lastEventId !== null && lastEventId > current) {
      const newest = await liveLogPosition().catch(() => current)
      if (newest > current) current = newest
    }
    const resync = lastEventId !== null && lastEventId > current
    const s: Stream = {
      id: crypto.randomUUID(),
      userId: user.id,
      userName: user.name,
      credential,
      scope,
      since: new Date(),
      position: lastEventId === null || resync ? (this.position ?? BigInt(0)) : lastEventId,
      replaying: true,
      buffer: [],
      overflow: false,
      checkedAt: Date.now(),
      write: sink.write,
      end: sink.end,
      closed: false,
    }
    this.streams.set(s.id, s)
    if (scope.kind !== 'article') this.wide.add(s)
    if (scope.kind === 'article') {
      let set = this.byArticle.get(scope.articleId)
      if (!set) this.byArticle.set(scope.articleId, (set = new Set()))
      set.add(s)
    }
    const detach = () => this.detach(s)
    signal.addEventListener('abort', detach, { once: true })
    if (signal.aborted) detach()
    this.write(s, `retry: 3000\n: ${scope.kind} stream ${s.id}\n\n`)
    // An id from another log (a restored database, a hand-made header): start from now and say so.
    if (resync) this.write(s, sseFrame({ seq: String(s.position), name: 'resync', data: { reason: 'unknown_position' } }))
    try {
      if (lastEventId !== null && !resync) {
        const behind = await countLogAfter(scope.kind === 'article' ? { articleId: scope.articleId } : null, lastEventId, MAX_REPLAY + 1)
        if (behind > MAX_REPLAY) s.overflow = true
        else await this.replay(s)
      }
    } catch (err) {
      console.error('[live] replay failed:', (err as Error).message)
      s.overflow = true
    }
    if (s.closed) return detach
    // Live events that came while replaying, in log order; those the replay sent already are skipped.
    s.replaying = false
    const buffered = s.buffer.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))
    s.buffer = []
    if (s.overflow) {
      // Too much to hold (or the replay failed): the page reloads what it shows, from here on.
      s.position = this.position ?? s.position
      this.write(s, sseFrame({ seq: String(s.position), name: 'resync', data: { reason: 'too_far_behind' } }))
    } else for (const e of buffered) this.send(s, e)
    if (scope.kind === 'article') {
      await upsertPresence(this.instanceId, [{ connectionId: s.id, userId: s.userId, articleId: scope.articleId, since: s.since }]).catch(() => {})
      // Gone while that was written: take the row out again.
      if (s.closed) await deletePresence(s.id).catch(() => {})
      void notifyPresence([scope.articleId]).catch(() => {})
      // The newcomer gets the list at once; everyone else hears of them through the NOTIFY.
      const viewers = s.closed ? null : await presenceViewers(scope.articleId, PRESENCE_STALE_MS).catch(() => null)
      if (viewers && !s.closed) {
        this.write(s, this.presenceFrame(s, 'viewers', { id: s.userId, name: s.userName }, viewers))
        // The first stream here sets what later joins and leaves are told against.
        if (!this.lastViewers.has(scope.articleId)) this.lastViewers.set(scope.articleId, viewers)
      }
    }
    return detach
  }

  /** Send the scope's events after the stream's position from the log, page by page, in order. */
  private async replay(s: Stream) {
    for (;;) {
      const rows: LogRow[] =
        s.scope.kind === 'article' ? await readArticleLog(s.scope.articleId, s.position, REPLAY_PAGE) : await readArticlesLog(s.position, REPLAY_PAGE)
      if (s.closed) return
      for (const row of rows) {
        const event = toLiveEvent(row)
        if (event && this.wants(s, event)) this.sendNow(s, event)
        else s.position = BigInt(row.seq)
      }
      if (s.closed || rows.length < REPLAY_PAGE) return
    }
  }

  private detach(s: Stream) {
    if (s.closed) return
    s.closed = true
    this.streams.delete(s.id)
    this.wide.delete(s)
    try {
      s.end()
    } catch {
      // already closed by the client
    }
    if (s.scope.kind === 'article') {
      const { articleId } = s.scope
      const set = this.byArticle.get(articleId)
      set?.delete(s)
      if (set && !set.size) {
        this.byArticle.delete(articleId)
        this.lastViewers.delete(articleId)
      }
      this.closedDuringHeartbeat?.push(s.id)
      void deletePresence(s.id)
        .then(() => notifyPresence([articleId]))
        .catch(() => {})
    }
  }

  private wants(s: Stream, e: LiveEvent): boolean {
    if (s.scope.kind === 'article') return e.data.articleId === s.scope.articleId
    if (s.scope.kind === 'queue') return isQueueEvent(e)
    return true
  }

  private send(s: Stream, e: LiveEvent) {
    if (s.replaying) {
      // Held until the replay is done; a stream this far behind is told to reload instead.
      if (s.buffer.length < MAX_BUFFERED_EVENTS) s.buffer.push(e)
      else s.overflow = true
      return
    }
    this.sendNow(s, e)
  }

  private sendNow(s: Stream, e: LiveEvent) {
    const seq = BigInt(e.seq)
    if (seq <= s.position) return // sent already
    s.position = seq
    this.write(s, frameOf(e))
  }

  private endStream(s: Stream, end: LiveStreamEnd) {
    const pending = this.batch?.get(s)
    if (pending) {
      this.batch!.delete(s)
      if (!s.closed && !s.write(Buffer.concat(pending))) return this.detach(s)
    }
    this.write(s, sseFrame({ seq: String(s.position), name: 'error', data: end }))
    this.detach(s)
  }

  // ── The log ──────────────────────────────────────────────────────────────────────────────

  /**
   * A NOTIFY arrived: drain within a few milliseconds, so a burst of commits is one read of the
   * log and one write per stream rather than one each.
   */
  private drainSoon() {
    if (this.drainTimer) return
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null
      this.drain()
    }, DRAIN_COALESCE_MS)
  }

  /** Read and fan out everything after our position; one run at a time, re-run if woken meanwhile. */
  drain() {
    if (this.position === null) return
    if (this.draining) {
      this.drainAgain = true
      return
    }
    this.draining = true
    void (async () => {
      try {
        do {
          this.drainAgain = false
          const rows = await readLiveLog(this.position!, REPLAY_PAGE)
          if (rows.length) await this.dispatch(rows)
          if (rows.length === REPLAY_PAGE) this.drainAgain = true
        } while (this.drainAgain)
      } catch (err) {
        console.error('[live] reading the log failed:', (err as Error).message)
      } finally {
        this.draining = false
      }
    })()
  }

  private async dispatch(rows: LogRow[]) {
    const events: Array<{ seq: bigint; event: LiveEvent | null }> = []
    const accessUsers = new Set<string>()
    for (const row of rows) {
      if (affectsAccess(row)) {
        if (row.entityType === 'User' && row.entityId) accessUsers.add(row.entityId)
        else this.forceCheck = true // a token was revoked: whose is not in the event
      }
      events.push({ seq: BigInt(row.seq), event: toLiveEvent(row) })
    }
    // Who would receive something: re-check those whose check is stale or whose access changed.
    const recipients = new Set<Stream>()
    for (const { event } of events) if (event) for (const s of this.recipients(event)) recipients.add(s)
    const now = Date.now()
    const due = [...recipients].filter((s) => this.forceCheck || accessUsers.has(s.userId) || now - s.checkedAt > ACCESS_TTL_MS)
    // Streams of users whose access changed are re-checked even if nothing is sent to them now.
    for (const s of this.streams.values()) if (accessUsers.has(s.userId) && !recipients.has(s)) due.push(s)
    if (this.forceCheck) for (const s of this.streams.values()) if (s.credential.kind === 'token' && !due.includes(s)) due.push(s)
    this.forceCheck = false
    await Promise.all(due.map((s) => this.authorise(s)))
    this.batch = new Map()
    try {
      this.fanOut(events)
    } finally {
      const batch = this.batch
      this.batch = null
      for (const [s, chunks] of batch) this.write(s, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))
    }
  }

  private fanOut(events: Array<{ seq: bigint; event: LiveEvent | null }>) {
    for (const { seq, event } of events) {
      if (event) {
        for (const s of this.recipients(event)) this.send(s, event)
        if (event.data.type === 'article' && event.data.action === 'deleted') {
          for (const s of this.byArticle.get(event.data.articleId) ?? []) this.endStream(s, { code: 'not_found', message: 'This article was deleted.' })
        }
      }
      this.position = seq
    }
  }

  private recipients(e: LiveEvent): Stream[] {
    const out: Stream[] = []
    for (const s of this.byArticle.get(e.data.articleId) ?? []) if (!s.closed) out.push(s)
    for (const s of this.wide) if (!s.closed && this.wants(s, e)) out.push(s)
    return out
  }

  /** Is the stream's credential still good? If not, tell it why and close it. */
  private async authorise(s: Stream) {
    if (s.closed) return
    try {
      // Once more after a moment: right after a database restart the pool's first use can fail.
      const user = await actingUser(s.credential).catch(() => new Promise((r) => setTimeout(r, 300)).then(() => actingUser(s.credential)))
      s.checkedAt = Date.now()
      if (!user) this.endStream(s, { code: 'unauthorized', message: 'Your session ended or your account was deactivated: sign in again.' })
      else if (!can(user.role, 'articles.read')) this.endStream(s, { code: 'forbidden', message: 'Your role no longer allows reading articles.' })
    } catch {
      // The database is unreachable: send nothing this stream is not cleared for; it reconnects.
      this.endStream(s, { code: 'unavailable', message: 'Your access could not be checked; reconnecting.' })
    }
  }

  // ── Presence ─────────────────────────────────────────────────────────────────────────────

  /** Refresh this instance's presence rows, sweep stale ones, recount every article watched here. */
  private async heartbeat() {
    try {
      const rows = [...this.streams.values()].flatMap((s) => (s.scope.kind === 'article' && !s.closed ? [{ connectionId: s.id, userId: s.userId, articleId: s.scope.articleId, since: s.since }] : []))
      this.closedDuringHeartbeat = []
      try {
        await upsertPresence(this.instanceId, rows)
      } finally {
        // A stream that closed while its row was being refreshed must not come back as a viewer.
        const closed = this.closedDuringHeartbeat
        this.closedDuringHeartbeat = null
        for (const id of closed) await deletePresence(id).catch(() => {})
      }
      // Sessions that ended quietly (sign-out elsewhere, expiry): every stream is re-checked
      // once its last check is older than ACCESS_TTL_MS, whether or not anything is sent to it.
      const now = Date.now()
      await Promise.all([...this.streams.values()].filter((s) => now - s.checkedAt > ACCESS_TTL_MS).map((s) => this.authorise(s)))
      const swept = await sweepPresence(PRESENCE_STALE_MS)
      await notifyPresence(swept)
      for (const articleId of this.byArticle.keys()) this.presenceChanged(articleId)
    } catch {
      // the database is down; the next tick tries again
    }
  }

  private presenceChanged(articleId: string) {
    const desk = [...this.streams.values()].some((s) => s.scope.kind === 'desk')
    if (!this.byArticle.has(articleId) && !desk) return
    if (this.presenceTimers.has(articleId)) return
    // Coalesce a burst (a reload is a leave and a join) into one recount.
    this.presenceTimers.set(
      articleId,
      setTimeout(() => {
        this.presenceTimers.delete(articleId)
        void this.recount(articleId)
      }, 150),
    )
  }

  private async recount(articleId: string) {
    let viewers: PresenceViewer[]
    try {
      viewers = await presenceViewers(articleId, PRESENCE_STALE_MS)
    } catch {
      return
    }
    const before = this.lastViewers.get(articleId) ?? null
    if (!this.byArticle.has(articleId)) this.lastViewers.delete(articleId)
    else this.lastViewers.set(articleId, viewers)
    const was = new Map((before ?? []).map((v) => [v.id, v]))
    const now = new Map(viewers.map((v) => [v.id, v]))
    const changes: Array<{ action: 'joined' | 'left'; who: PresenceViewer }> = []
    if (before) {
      for (const v of viewers) if (!was.has(v.id)) changes.push({ action: 'joined', who: v })
      for (const v of before) if (!now.has(v.id)) changes.push({ action: 'left', who: v })
    }
    const local = [...(this.byArticle.get(articleId) ?? [])]
    for (const s of local) {
      for (const c of changes) this.write(s, this.presenceFrame(s, c.action, c.who, viewers))
    }
    // The article list hears of any change of count (its first count comes with the page).
    if (!before || changes.length) {
      for (const s of this.streams.values()) {
        if (s.scope.kind === 'desk') this.write(s, this.presenceFrame(s, 'changed', { id: s.userId, name: s.userName }, viewers, articleId))
      }
    }
  }

  private presenceFrame(s: Stream, action: string, who: { id: string; name: string }, viewers: PresenceViewer[], articleId = s.scope.kind === 'article' ? s.scope.articleId : '') {
    return sseFrame({
      seq: String(s.position),
      name: 'presence',
      data: { type: 'presence', action, id: who.id, articleId, actor: { id: who.id, name: who.name }, at: new Date().toISOString(), viewers },
    })
  }
}

function notifyPing(instanceId: string) {
  return notifyChannel('galley_ping', instanceId)
}

const globalForHub = globalThis as unknown as { galleyHub?: Hub }

/** This process's hub (created on first use; shared across route bundles and dev reloads). */
export function hub(): Hub {
  globalForHub.galleyHub ??= new Hub()
  return globalForHub.galleyHub
}

/**
 * The live desk's contract over HTTP: GET /api/articles/:id/events, /api/review-queue/events and
 * /api/articles/:id/presence against the running server and its database.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { ApiClient, BearerClient, DEMO_PASSWORD, unique } from '@/lib/testing/api-client'
import { SseStream } from '@/lib/testing/sse-client'
import { createUser } from '@/lib/db/users'
import { db, disconnectDb } from '@/lib/db/client'

afterAll(disconnectDb)
const open: SseStream[] = []
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})
async function stream(client: ApiClient, path: string, init?: { lastEventId?: string }) {
  const s = new SseStream(client, path, init)
  open.push(s)
  return s.ready()
}

const BODY = 'Vincent Pain, the vice president, spoke on Friday. The council built 42 crossings.'
const cp = (needle: string) => ({ start: BODY.indexOf(needle), end: BODY.indexOf(needle) + needle.length, exact: needle })

async function article(client: ApiClient) {
  const res = await client.post('/api/articles', { title: unique('Live'), body: BODY })
  expect(res.status).toBe(201)
  return res.body as { id: string; revision: number }
}

async function person(role: 'editor' | 'reviewer' | 'admin', name = `Live ${role}`) {
  const password = 'live-test-password-1'
  const { user } = await createUser({ email: `${unique(role)}@live.test`, name, role, password })
  return { user, client: await ApiClient.as(user.email, password) }
}

async function liveStreams(): Promise<number> {
  return (await (await fetch(`${process.env.GALLEY_TEST_BASE_URL}/api/health/live`)).json()).streams
}

describe('GET /api/articles/:id/events', () => {
  it('answers 401 signed out and 404 for an unknown article, with the error contract', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    const anon = await new ApiClient().raw(`/api/articles/${a.id}/events`)
    expect(anon.status).toBe(401)
    expect((await anon.json()).error.code).toBe('unauthorized')
    const unknown = await editor.raw('/api/articles/00000000-0000-4000-8000-000000000000/events')
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).error.code).toBe('not_found')
    const bad = await editor.raw(`/api/articles/${a.id}/events`, { headers: { 'last-event-id': 'yesterday' } })
    expect(bad.status).toBe(422)
  })

  it('streams others’ annotations, reviews, comments and revisions as they commit, in order, with who did it', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const reviewer = await ApiClient.as('reviewer@galley.test')
    const a = await article(editor)
    const s = await stream(editor, `/api/articles/${a.id}/events`)
    expect(s.status).toBe(200)
    expect(s.headers!.get('content-type')).toMatch(/^text\/event-stream/)
    expect(s.headers!.get('cache-control')).toContain('no-transform')
    expect(s.headers!.get('x-accel-buffering')).toBe('no')
    expect(s.headers!.get('content-encoding')).toBeNull()

    const fix = (await reviewer.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('Pain'), correction: 'Pang', category: 'name' })).body
    const created = await s.next((e) => e.event === 'annotation' && e.data.id === fix.id)
    expect(created.data).toMatchObject({ type: 'annotation', action: 'created', id: fix.id, articleId: a.id, kind: 'error', status: 'open', actor: { name: 'Demo Reviewer' } })
    expect(new Date(created.data.at).getTime()).toBeGreaterThan(Date.now() - 60_000)
    expect(created.id).toMatch(/^\d+$/)

    // The author may not review their own fix; the editor comments and another reviewer decides.
    await editor.post(`/api/annotations/${fix.id}/comments`, { body: 'Pang per the company bio.' })
    const comment = await s.next((e) => e.event === 'comment')
    expect(comment.data).toMatchObject({ type: 'comment', action: 'created', annotationId: fix.id, actor: { name: 'Demo Editor' } })
    const admin = await ApiClient.as('admin@galley.test')
    expect((await admin.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })).status).toBe(200)
    const approved = await s.next((e) => e.event === 'review')
    expect(approved.data).toMatchObject({ type: 'review', action: 'approved', annotationId: fix.id, status: 'approved', actor: { name: 'Demo Admin' } })

    const revised = await editor.put(`/api/articles/${a.id}/body`, { body: BODY.replace('Friday', 'Thursday'), baseRevision: 1 })
    expect(revised.status).toBe(200)
    const revision = await s.next((e) => e.event === 'revision')
    expect(revision.data).toMatchObject({ type: 'revision', action: 'created', revision: 2, articleId: a.id })
    expect(revision.data.reanchor).toEqual(expect.any(Object))

    // Ordered: the ids increase in the order the writes committed.
    const ids = s.events.filter((e) => e.event !== 'presence').map((e) => BigInt(e.id!))
    expect(ids.length).toBeGreaterThanOrEqual(4)
    expect([...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('replays exactly what a stream missed after Last-Event-ID, then goes on live, with nothing twice', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    const first = await stream(editor, `/api/articles/${a.id}/events`)
    const claim = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('The council built 42 crossings.') })).body
    const seen = await first.next((e) => e.data?.id === claim.id)
    first.close()
    // Missed while disconnected: three writes on this article and one on another.
    const other = await article(editor)
    await editor.post(`/api/articles/${other.id}/annotations`, { kind: 'claim', ...cp('The council built 42 crossings.') })
    const missed = []
    for (const text of ['Vincent Pain', 'vice president', 'Friday']) missed.push((await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp(text) })).body.id)
    await editor.patch(`/api/annotations/${claim.id}`, { version: claim.version, note: 'Checked with the council.' })

    const again = await stream(editor, `/api/articles/${a.id}/events`, { lastEventId: seen.id! })
    const update = await again.next((e) => e.event === 'annotation' && e.data.action === 'updated')
    expect(update.data.id).toBe(claim.id)
    const replayed = again.events.filter((e) => e.event === 'annotation')
    expect(replayed.map((e) => e.data.id)).toEqual([...missed, claim.id])
    expect(replayed.every((e) => e.data.articleId === a.id)).toBe(true)
    // …then live.
    const live = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'quote', ...cp('Vincent Pain, the vice president'), speaker: 'Vincent Pang' })).body
    await again.next((e) => e.data?.id === live.id)
    const ids = again.events.filter((e) => e.event === 'annotation').map((e) => e.data.id)
    expect(ids).toEqual([...missed, claim.id, live.id])

    // ?lastEventId= (a page opening its first stream) does the same as the header.
    const viaQuery = await stream(editor, `/api/articles/${a.id}/events?lastEventId=${seen.id}`)
    await viaQuery.next((e) => e.data?.id === live.id)
    expect(viaQuery.events.filter((e) => e.event === 'annotation').map((e) => e.data.id)).toEqual([...missed, claim.id, live.id])
  })

  it('replays a queue stream’s fixes even when events it does not want lie between them', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const reviewer = await ApiClient.as('reviewer@galley.test')
    const a = await article(editor)
    const first = await stream(reviewer, '/api/review-queue/events')
    const marker = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('Friday'), correction: 'Thursday', category: 'fact' })).body
    const seen = await first.next((e) => e.data?.id === marker.id)
    first.close()
    const fixes: string[] = []
    for (const [kind, text] of [['error', 'Pain'], ['claim', 'The council built 42 crossings.'], ['error', 'vice president'], ['claim', 'Vincent']] as const) {
      const res = (await editor.post(`/api/articles/${a.id}/annotations`, { kind, ...cp(text), ...(kind === 'error' ? { correction: 'x', category: 'fact' } : {}) })).body
      if (kind === 'error') fixes.push(res.id)
      else await editor.post(`/api/annotations/${res.id}/comments`, { body: 'a comment the queue does not show' })
    }
    const again = await stream(reviewer, '/api/review-queue/events', { lastEventId: seen.id! })
    await again.next((e) => e.data?.id === fixes[1])
    // (Other suites' fixes on other articles come through the queue too.)
    expect(again.events.filter((e) => e.event === 'annotation' && e.data.articleId === a.id).map((e) => e.data.id)).toEqual(fixes)
  })

  it('replays everything missed while new events keep arriving, in order and once', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    const first = await stream(editor, `/api/articles/${a.id}/events`)
    const marker = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('Friday') })).body
    const seen = await first.next((e) => e.data?.id === marker.id)
    first.close()
    const post = async () => (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('Vincent') })).body.id as string
    const missed: string[] = []
    for (let i = 0; i < 40; i++) missed.push(await post())
    // Reconnect while ten more are being written.
    const during = Promise.all(Array.from({ length: 10 }, post))
    const again = await stream(editor, `/api/articles/${a.id}/events`, { lastEventId: seen.id! })
    const more = await during
    for (const id of more) await again.next((e) => e.data?.id === id)
    const got = again.events.filter((e) => e.event === 'annotation')
    expect(new Set(got.map((e) => e.data.id))).toEqual(new Set([...missed, ...more]))
    expect(got).toHaveLength(50)
    const ids = got.map((e) => BigInt(e.id!))
    expect(ids.every((x, i) => i === 0 || x > ids[i - 1])).toBe(true)
  })

  it('says resync for a Last-Event-ID from no log it knows, and starts from now', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    const s = await stream(editor, `/api/articles/${a.id}/events`, { lastEventId: '999999999999' })
    const resync = await s.next((e) => e.event === 'resync')
    expect(resync.data.reason).toBe('unknown_position')
    const c = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('Friday') })).body
    await s.next((e) => e.data?.id === c.id)
  })

  it('refuses a Last-Event-ID that is not an event id (words, or past a bigint) with 422, not a 500', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    for (const bad of ['yesterday', '9999999999999999999', '-1']) {
      const res = await editor.get(`/api/articles/${a.id}/events?lastEventId=${bad}`)
      expect(res.status, bad).toBe(422)
      expect(res.body.error.code).toBe('validation_failed')
    }
  })

  it('sends one resync instead of replaying more than 1,000 events after an old Last-Event-ID; fewer are replayed', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    const marker = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('Friday') })).body
    const first = await stream(editor, `/api/articles/${a.id}/events`, { lastEventId: '0' })
    const seen = await first.next((e) => e.data?.id === marker.id)
    first.close()
    // 1,001 retitles of this article land in the log (the same rows the app writes for a PATCH).
    const me = (await db().user.findUniqueOrThrow({ where: { email: 'editor@galley.test' } })).id
    await db().$executeRaw`INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", after)
      SELECT ${me}::uuid, 'article.update', 'Article', ${a.id}, jsonb_build_object('title', 'Title ' || n) FROM generate_series(1, 1001) n`
    const far = await stream(editor, `/api/articles/${a.id}/events`, { lastEventId: seen.id! })
    const resync = await far.next((e) => e.event === 'resync')
    expect(resync.data.reason).toBe('too_far_behind')
    expect(far.events.filter((e) => e.event === 'article')).toHaveLength(0)
    // From there it is live as usual.
    const c = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('Vincent') })).body
    await far.next((e) => e.data?.id === c.id)
    far.close()
    // 1,000 behind or fewer: replayed, every one (the last 999 retitles and the claim).
    const [{ seq }] = await db().$queryRaw<Array<{ seq: bigint }>>`
      SELECT seq FROM "LiveEvent" WHERE "articleId" = ${a.id}::uuid AND seq < (SELECT max(seq) FROM "LiveEvent" WHERE "articleId" = ${a.id}::uuid) ORDER BY seq DESC OFFSET 999 LIMIT 1`
    const near = await stream(editor, `/api/articles/${a.id}/events`, { lastEventId: String(seq) })
    await near.next((e) => e.data?.id === c.id)
    expect(near.events.some((e) => e.event === 'resync')).toBe(false)
    expect(near.events.filter((e) => e.event === 'article')).toHaveLength(999)
  })

  it('stops the stream of a user deactivated meanwhile, before any further event', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    const { user, client } = await person('editor', 'Soon Gone')
    const s = await stream(client, `/api/articles/${a.id}/events`)
    const admin = await ApiClient.as('admin@galley.test')
    expect((await admin.patch(`/api/users/${user.id}`, { active: false })).status).toBe(200)
    const end = await s.next((e) => e.event === 'error')
    expect(end.data.code).toBe('unauthorized')
    await s.closedByServer()
    const after = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('Friday') })).body
    expect(s.events.some((e) => e.data?.id === after.id)).toBe(false)
    expect((await client.raw(`/api/articles/${a.id}/events`)).status).toBe(401)
  })

  it('stops the stream of a session that signs out, at once', async () => {
    const { client } = await person('editor', 'Signing Out')
    const a = await article(client)
    const s = await stream(client, `/api/articles/${a.id}/events`)
    await s.next((e) => e.event === 'presence')
    const { csrfToken } = (await (await client.raw('/api/auth/csrf')).json()) as { csrfToken: string }
    const out = await client.raw('/api/auth/signout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrfToken }).toString() })
    expect(out.status).toBe(302)
    expect((await s.next((e) => e.event === 'error')).data.code).toBe('unauthorized')
    await s.closedByServer()
  })

  it('stops a token’s stream when the token is revoked', async () => {
    const { client } = await person('editor', 'Token Owner')
    const token = (await client.post('/api/tokens', { name: 'live' })).body
    const a = await article(client)
    const s = await stream(new BearerClient(token.token), `/api/articles/${a.id}/events`)
    expect(s.status).toBe(200)
    expect((await client.delete(`/api/tokens/${token.id}`)).status).toBe(204)
    expect((await s.next((e) => e.event === 'error')).data.code).toBe('unauthorized')
  })

  it('sends a keep-alive comment line every 15 s', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    const s = await stream(editor, `/api/articles/${a.id}/events`)
    const opened = Date.now()
    while (s.pings === 0 && Date.now() < opened + 16_500) await new Promise((r) => setTimeout(r, 250))
    expect(s.pings).toBeGreaterThan(0)
    // Not a flood either: one every 15 s (two at most in 16.5 s, given the timer's phase).
    expect(s.pings).toBeLessThanOrEqual(2)
  }, 20_000)

  it('forgets a stream the client dropped', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    const base = await liveStreams()
    const many = await Promise.all(Array.from({ length: 10 }, () => stream(editor, `/api/articles/${a.id}/events`)))
    await many[0].next((e) => e.event === 'presence')
    expect(await liveStreams()).toBeGreaterThanOrEqual(base + 10)
    for (const s of many) s.close()
    const deadline = Date.now() + 5_000
    while ((await liveStreams()) > base && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(await liveStreams()).toBe(base)
  })
})

describe('suggestion checks and live events', () => {
  it('run on their own thread: an event is delivered while a long article is being checked', async () => {
    const fs = await import('node:fs')
    const path = await import('node:path')
    // 60,000 words of The Federalist Papers: checking them takes seconds.
    const text = fs.readFileSync(path.join(process.cwd(), 'bench', 'fixtures', 'federalist-2009.txt'), 'utf8').replace(/\r\n/g, '\n')
    const body = text.split(/\s+/).slice(0, 60_000).join(' ')
    const editor = await ApiClient.as('editor@galley.test')
    const long = (await editor.post('/api/articles', { title: unique('Long'), body })).body
    const a = await article(editor)
    const s = await stream(editor, `/api/articles/${a.id}/events`)
    let checked = 0
    const checking = editor.get(`/api/articles/${long.id}/suggestions`).then((r) => {
      checked = Date.now()
      return r
    })
    await new Promise((r) => setTimeout(r, 100)) // the checks have started
    const c = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('Friday') })).body
    const event = await s.next((e) => e.data?.id === c.id, 30_000)
    expect((await checking).status).toBe(200)
    // The write and its event did not wait for the checks.
    expect(event.at).toBeLessThan(checked)
    expect((await (await fetch(`${process.env.GALLEY_TEST_BASE_URL}/api/health/live`)).json()).checks).toBe('worker')
  }, 60_000)
})

describe('limits', () => {
  it('refuses a person more than 30 open streams on one instance with 429, and lets them in again when some close', async () => {
    const { client } = await person('editor', 'Many Tabs')
    const a = await article(client)
    const tabs = await Promise.all(Array.from({ length: 30 }, () => stream(client, `/api/articles/${a.id}/events`)))
    expect(tabs.every((t) => t.status === 200)).toBe(true)
    const one = await client.raw(`/api/articles/${a.id}/events`)
    expect(one.status).toBe(429)
    expect((await one.json()).error.code).toBe('rate_limited')
    tabs[0].close()
    const deadline = Date.now() + 5_000
    let again = 0
    while (Date.now() < deadline) {
      const s = await stream(client, `/api/articles/${a.id}/events`)
      again = s.status
      if (again === 200) break
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(again).toBe(200)
  })

  it('holds the cap when a person opens many streams at once', async () => {
    const { client } = await person('editor', 'Burst')
    const a = await article(client)
    const opened = await Promise.all(Array.from({ length: 40 }, () => stream(client, `/api/articles/${a.id}/events`)))
    expect(opened.filter((s) => s.status === 200)).toHaveLength(30)
    expect(opened.filter((s) => s.status === 429)).toHaveLength(10)
  })
})

describe('presence', () => {
  it('lists everyone with the article open, once per person however many tabs, and says who joins and leaves', async () => {
    const editor = await ApiClient.as('editor@galley.test')
    const a = await article(editor)
    const mine = await stream(editor, `/api/articles/${a.id}/events`)
    const first = await mine.next((e) => e.event === 'presence')
    expect(first.data).toMatchObject({ type: 'presence', action: 'viewers', articleId: a.id })
    expect(first.data.viewers.map((v: any) => v.name)).toEqual(['Demo Editor'])

    const { user, client } = await person('reviewer', 'Two Tabs')
    const tab1 = await stream(client, `/api/articles/${a.id}/events`)
    const joined = await mine.next((e) => e.event === 'presence' && e.data.action === 'joined')
    expect(joined.data).toMatchObject({ id: user.id, actor: { id: user.id, name: 'Two Tabs' } })
    const tab2 = await stream(client, `/api/articles/${a.id}/events`)
    await tab2.next((e) => e.event === 'presence')
    const viewers = (await editor.get(`/api/articles/${a.id}/presence`)).body.viewers
    expect(viewers.map((v: any) => v.name)).toEqual(['Demo Editor', 'Two Tabs'])
    expect(viewers[0]).toEqual({ id: expect.any(String), name: 'Demo Editor', since: expect.any(String) })

    tab1.close()
    await new Promise((r) => setTimeout(r, 600))
    // One tab is still open: still there, and no "left".
    expect((await editor.get(`/api/articles/${a.id}/presence`)).body.viewers.map((v: any) => v.name)).toEqual(['Demo Editor', 'Two Tabs'])
    expect(mine.events.some((e) => e.event === 'presence' && e.data.action === 'left')).toBe(false)
    tab2.close()
    const left = await mine.next((e) => e.event === 'presence' && e.data.action === 'left')
    expect(left.data.actor.name).toBe('Two Tabs')
    expect(left.data.viewers.map((v: any) => v.name)).toEqual(['Demo Editor'])
    expect((await editor.get(`/api/articles/${a.id}/presence`)).body.viewers.map((v: any) => v.name)).toEqual(['Demo Editor'])
  })

  it('answers 401 signed out and 404 for an unknown article', async () => {
    expect((await new ApiClient().get('/api/articles/00000000-0000-4000-8000-000000000000/presence')).status).toBe(401)
    const editor = await ApiClient.as('editor@galley.test', DEMO_PASSWORD)
    expect((await editor.get('/api/articles/00000000-0000-4000-8000-000000000000/presence')).status).toBe(404)
  })
})

describe('GET /api/review-queue/events', () => {
  it('streams fixes created and reviewed on any article, with the reviewer’s name; not claims', async () => {
    const reviewer = await ApiClient.as('reviewer@galley.test')
    const editor = await ApiClient.as('editor@galley.test')
    const q = await stream(reviewer, '/api/review-queue/events')
    expect(q.status).toBe(200)
    const a = await article(editor)
    const claim = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('Friday') })).body
    const fix = (await editor.post(`/api/articles/${a.id}/annotations`, { kind: 'error', ...cp('Pain'), correction: 'Pang', category: 'name' })).body
    await q.next((e) => e.event === 'annotation' && e.data.id === fix.id)
    const admin = await ApiClient.as('admin@galley.test')
    await admin.post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })
    const review = await q.next((e) => e.event === 'review' && e.data.annotationId === fix.id)
    expect(review.data).toMatchObject({ action: 'approved', actor: { name: 'Demo Admin' }, articleId: a.id })
    expect((await editor.post(`/api/articles/${a.id}/publish`, { baseRevision: 1 })).status).toBe(200)
    const published = await q.next((e) => e.event === 'revision' && e.data.action === 'published')
    expect(published.data.applied).toEqual([fix.id])
    expect(q.events.some((e) => e.data?.id === claim.id)).toBe(false)
    expect((await new ApiClient().raw('/api/review-queue/events')).status).toBe(401)
  })
})

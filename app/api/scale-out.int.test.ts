/**
 * Scale-out: two Galley instances on one PostgreSQL (an embedded one of this suite's own, so it
 * can be restarted under them), sharing AUTH_SECRET as instances behind a proxy would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, DEMO_PASSWORD, unique } from '@/lib/testing/api-client'
import { SseStream } from '@/lib/testing/sse-client'
import { until } from '@/lib/testing/until'
import { startCluster, type Cluster } from '@/lib/testing/cluster'

let cluster: Cluster
let A: string
let B: string
const streams: SseStream[] = []

beforeAll(async () => {
  // Presence rows go stale after 4 s here (30 s by default) so a crash shows within the test.
  cluster = await startCluster({ ports: [3150, 3151], env: { GALLEY_LIVE_TICK_MS: '1000', GALLEY_PRESENCE_STALE_MS: '4000' } })
  ;[A, B] = cluster.urls
}, 180_000)
afterAll(async () => {
  for (const s of streams) s.close()
  await cluster?.stop()
}, 60_000)

const BODY = 'Vincent Pain, the vice president, spoke on Friday. The council built 42 crossings.'
const cp = (needle: string) => ({ start: BODY.indexOf(needle), end: BODY.indexOf(needle) + needle.length, exact: needle })

function on(base: string, from: ApiClient): ApiClient {
  // The same cookies, sent to another instance.
  const c = new ApiClient(base)
  ;(c as unknown as { cookies: Map<string, string> }).cookies = (from as unknown as { cookies: Map<string, string> }).cookies
  return c
}
function open(client: ApiClient, path: string, init?: { lastEventId?: string; reconnect?: boolean }) {
  const s = new SseStream(client, path, init)
  streams.push(s)
  return s.ready()
}
async function newArticle(client: ApiClient) {
  const res = await client.post('/api/articles', { title: unique('Scale'), body: BODY })
  expect(res.status).toBe(201)
  return res.body.id as string
}

describe('two instances on one database', () => {
  it('a session made on one works on the other, and a write on one reaches streams on the other', async () => {
    const editorA = await ApiClient.as('editor@galley.test', DEMO_PASSWORD, A)
    const editorB = on(B, editorA)
    expect((await editorB.get('/api/articles')).status).toBe(200)
    const reviewerB = await ApiClient.as('reviewer@galley.test', DEMO_PASSWORD, B)
    const id = await newArticle(editorA)
    const sB = await open(reviewerB, `/api/articles/${id}/events`)
    const sA = await open(editorA, `/api/articles/${id}/events`)
    const claim = (await editorA.post(`/api/articles/${id}/annotations`, { kind: 'claim', ...cp('The council built 42 crossings.') })).body
    const got = await sB.next((e) => e.data?.id === claim.id)
    expect(got.data).toMatchObject({ type: 'annotation', action: 'created', actor: { name: 'Demo Editor' } })
    await sA.next((e) => e.data?.id === claim.id)
    // Presence is across instances: each sees the other.
    await sA.next((e) => e.event === 'presence' && e.data.viewers.some((v: any) => v.name === 'Demo Reviewer'))
    const viewers = (await editorA.get(`/api/articles/${id}/presence`)).body.viewers.map((v: any) => v.name).sort()
    expect(viewers).toEqual(['Demo Editor', 'Demo Reviewer'])
    // The queue stream on A hears of a fix made on B.
    const queueA = await open(await ApiClient.as('admin@galley.test', DEMO_PASSWORD, A), '/api/review-queue/events')
    const fix = (await on(B, editorA).post(`/api/articles/${id}/annotations`, { kind: 'error', ...cp('Pain'), correction: 'Pang', category: 'name' })).body
    await queueA.next((e) => e.data?.id === fix.id)
  })

  it('sign-in throttling holds across both', async () => {
    const admin = await ApiClient.as('admin@galley.test', DEMO_PASSWORD, A)
    const email = `${unique('throttle')}@scale.test`
    expect((await admin.post('/api/users', { email, name: 'Throttled', role: 'editor', password: 'the-right-password-1' })).status).toBe(201)
    for (let i = 0; i < 5; i++) expect(await new ApiClient(i % 2 ? B : A).signIn(email, 'wrong')).toBe(false)
    // Five failures spread over both instances: the right password is refused on either.
    expect(await new ApiClient(B).signIn(email, 'the-right-password-1')).toBe(false)
    expect(await new ApiClient(A).signIn(email, 'the-right-password-1')).toBe(false)
  })

  it('restarting PostgreSQL under both: they reconnect and resume their streams by themselves, missing nothing', async () => {
    const editorA = await ApiClient.as('editor@galley.test', DEMO_PASSWORD, A)
    const reviewerB = await ApiClient.as('reviewer@galley.test', DEMO_PASSWORD, B)
    const id = await newArticle(editorA)
    // Streams that behave as a browser's EventSource: reconnect with Last-Event-ID when dropped.
    const sA = await open(editorA, `/api/articles/${id}/events`, { reconnect: true })
    const sB = await open(reviewerB, `/api/articles/${id}/events`, { reconnect: true })
    const before = (await editorA.post(`/api/articles/${id}/annotations`, { kind: 'claim', ...cp('Friday') })).body.id
    await sA.next((e) => e.data?.id === before)
    await sB.next((e) => e.data?.id === before)

    await cluster.restartPostgres(1_500)
    // Writes as soon as the database answers again, on both instances.
    const written: string[] = []
    for (const [client, text] of [[editorA, 'Vincent Pain'], [on(B, editorA), 'vice president'], [editorA, 'The council built 42 crossings.']] as const) {
      written.push(
        await until(
          'a write after the restart',
          async () => {
            const res = await client.post(`/api/articles/${id}/annotations`, { kind: 'claim', ...cp(text) })
            return res.status === 201 ? (res.body.id as string) : undefined
          },
          30_000,
        ),
      )
    }
    for (const s of [sA, sB]) {
      await s.next((e) => e.data?.id === written[2], 20_000)
      const ids = s.events.filter((e) => e.event === 'annotation').map((e) => e.data.id)
      expect(ids).toEqual([before, ...written]) // in order, none missed, none twice
    }
    for (const url of [A, B]) {
      await until('listening again', async () => ((await (await fetch(`${url}/api/health/live`)).json()).listening ? true : undefined), 20_000)
      expect((await (await fetch(`${url}/api/health`)).json()).db).toBe('ok')
    }
  }, 90_000)

  it('kill -9 of one instance leaves the other serving and streaming, and its viewers disappear', async () => {
    const editorA = await ApiClient.as('editor@galley.test', DEMO_PASSWORD, A)
    const reviewerB = await ApiClient.as('reviewer@galley.test', DEMO_PASSWORD, B)
    const id = await newArticle(editorA)
    const sA = await open(editorA, `/api/articles/${id}/events`)
    const sB = await open(reviewerB, `/api/articles/${id}/events`)
    await sB.next((e) => e.event === 'presence')
    await until('both viewers listed', async () => {
      const names = (await editorA.get(`/api/articles/${id}/presence`)).body.viewers.map((v: any) => v.name)
      return names.length === 2 ? names : undefined
    }, 10_000)

    await cluster.kill(1)
    expect((await editorA.get('/api/articles')).status).toBe(200)
    const claim = (await editorA.post(`/api/articles/${id}/annotations`, { kind: 'claim', ...cp('Friday') })).body
    await sA.next((e) => e.data?.id === claim.id)
    // B's reviewer stops counting once B's presence rows go stale (4 s here; 30 s by default).
    const left = await sA.next((e) => e.event === 'presence' && e.data.action === 'left', 20_000)
    expect(left.data.actor.name).toBe('Demo Reviewer')
    expect((await editorA.get(`/api/articles/${id}/presence`)).body.viewers.map((v: any) => v.name)).toEqual(['Demo Editor'])
  }, 60_000)
})

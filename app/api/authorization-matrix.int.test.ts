/**
 * The authorization matrix: every API route × {anonymous, editor, reviewer, admin, deactivated
 * user, API token of each role} → the expected status, over HTTP against the running server.
 *
 * ROUTES is the table. The first test reads app/api/**\/route.ts and fails when a route or method
 * has no entry, so a new route cannot ship without deciding who may call it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, BearerClient, unique } from '@/lib/testing/api-client'
import { createUser, deactivateUser } from '@/lib/db/users'
import { createWebhook, listDeliveries } from '@/lib/db/webhooks'
import { disconnectDb } from '@/lib/db/client'
import type { Role } from '@/lib/auth/permissions'

/** `session`: for a token caller, its owner's signed-in client (for setting up what the token acts on). */
type Caller = { name: string; role: Role | null; client: ApiClient; session?: ApiClient }
type Req = { path: string; body?: unknown }
type Ctx = { owner: ApiClient; articleId: string; body: string }
/** Who gets the success status; everyone else signed in and active gets 403. */
type Route = {
  method: string
  route: string
  allowed: 'public' | 'any' | Role[]
  ok: number
  /** Build a valid request; `caller` may create what it needs (e.g. its own annotation). */
  make: (ctx: Ctx, caller: Caller) => Promise<Req>
  /** The status for an active API token where it differs from its owner's (credentials need a person). */
  token?: number
  /** An event stream: only its status is read, then the connection is dropped. */
  stream?: true
}

const ALL: Role[] = ['editor', 'reviewer', 'admin']
const BODY = 'Vincent Pain spoke on Friday. Please enter your comment! The talks are weeks old.'

const cp = (needle: string) => ({ start: BODY.indexOf(needle), end: BODY.indexOf(needle) + needle.length, exact: needle })
async function ownFix(ctx: Ctx, by: ApiClient) {
  // A correction of its own each time: the same fix saved twice on one article is a 409 (issue 22).
  const res = await by.post(`/api/articles/${ctx.articleId}/annotations`, { kind: 'error', ...cp('Pain'), correction: unique('Pang'), category: 'name' })
  expect(res.status).toBe(201)
  return res.body as { id: string; version: number }
}
/** A fresh article owned by `ctx.owner`, for routes that change it. */
async function freshArticle(ctx: Ctx) {
  return (await ctx.owner.post('/api/articles', { title: unique('Matrix'), body: BODY })).body as { id: string }
}
/** The id of a claim whose text a revision removed, so it is orphaned. */
async function orphanedClaim(ctx: Ctx): Promise<string> {
  const a = await freshArticle(ctx)
  const claim = (await ctx.owner.post(`/api/articles/${a.id}/annotations`, { kind: 'claim', ...cp('Please enter your comment!') })).body
  await ctx.owner.put(`/api/articles/${a.id}/body`, { body: 'Vincent Pain spoke on Friday. Talks began.', baseRevision: 1 })
  return claim.id
}
/** The id of a new comment thread on a new fix. */
async function newThread(ctx: Ctx): Promise<string> {
  const fix = await ownFix(ctx, ctx.owner)
  return (await ctx.owner.post(`/api/annotations/${fix.id}/comments`, { body: 'Thread' })).body.id
}
/** A new source on the shared article. */
async function newSource(ctx: Ctx): Promise<string> {
  const res = await ctx.owner.post(`/api/articles/${ctx.articleId}/sources`, { title: 'Wire', kind: 'wire', body: BODY })
  expect(res.status).toBe(201)
  return res.body.id
}
/** An open suggestion (scraped residue) on a new article. */
async function newSuggestion(ctx: Ctx): Promise<string> {
  const a = (await ctx.owner.post('/api/articles', { title: unique('Matrix'), body: 'Vincent Pain spoke on Friday.\n\nPlease enter your comment!' })).body
  const list = (await ctx.owner.get(`/api/articles/${a.id}/suggestions`)).body.suggestions
  expect(list.length).toBeGreaterThan(0)
  return list[0].id
}
/** A webhook (to a port nothing listens on) and, once an article is published, a delivery of it. */
async function newWebhook(): Promise<string> {
  const { user } = await createUser({ email: `${unique('hooks')}@matrix.test`, name: 'Hooks', role: 'admin' })
  return (await createWebhook({ input: { url: 'http://127.0.0.1:9/never', events: ['article.published'] }, actor: user })).id
}
async function newDelivery(ctx: Ctx): Promise<string> {
  const hook = await newWebhook()
  const a = await freshArticle(ctx)
  expect((await ctx.owner.patch(`/api/articles/${a.id}`, { status: 'published' })).status).toBe(200)
  const { user } = await createUser({ email: `${unique('hooks')}@matrix.test`, name: 'Hooks', role: 'admin' })
  return (await listDeliveries({ webhookId: hook, actor: user }))[0].id
}
/** The caller's own client when it can write, else the owner's (the request is refused before use). */
const writer = (ctx: Ctx, c: Caller) => (c.role ? c.client : ctx.owner)

const ROUTES: Route[] = [
  { method: 'GET', route: '/api/health', allowed: 'public', ok: 200, make: async () => ({ path: '/api/health' }) },
  { method: 'GET', route: '/api/health/live', allowed: 'public', ok: 200, make: async () => ({ path: '/api/health/live' }) },
  { method: 'GET', route: '/api/articles/[id]/sources', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/sources` }) },
  { method: 'POST', route: '/api/articles/[id]/sources', allowed: ALL, ok: 201, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/sources`, body: { title: 'Release', kind: 'release', body: 'Text.' } }) },
  { method: 'GET', route: '/api/sources/[id]', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/sources/${await newSource(ctx)}` }) },
  { method: 'DELETE', route: '/api/sources/[id]', allowed: ALL, ok: 204, make: async (ctx) => ({ path: `/api/sources/${await newSource(ctx)}` }) },
  { method: 'GET', route: '/api/articles/[id]/suggestions', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/suggestions` }) },
  {
    method: 'POST',
    route: '/api/articles/[id]/annotations/import',
    allowed: ALL,
    ok: 200,
    make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/annotations/import`, body: [{ type: 'Annotation', motivation: 'highlighting', target: { selector: { type: 'TextQuoteSelector', exact: 'Vincent Pain' } } }] }),
  },
  // A saved page (no fetch): the story is extracted from the HTML sent.
  { method: 'POST', route: '/api/articles/import', allowed: ALL, ok: 201, make: async () => ({ path: '/api/articles/import', body: { html: `<html><body><article><h1>Matrix</h1><p>${'A paragraph of the story, long enough to count as one. '.repeat(8)}</p></article></body></html>` } }) },
  { method: 'GET', route: '/api/webhooks', allowed: ['admin'], ok: 200, make: async () => ({ path: '/api/webhooks' }) },
  { method: 'POST', route: '/api/webhooks', allowed: ['admin'], ok: 201, token: 403, make: async () => ({ path: '/api/webhooks', body: { url: 'https://cms.example/matrix', events: ['article.corrected'] } }) },
  { method: 'DELETE', route: '/api/webhooks/[id]', allowed: ['admin'], ok: 204, make: async () => ({ path: `/api/webhooks/${await newWebhook()}` }) },
  { method: 'GET', route: '/api/webhooks/[id]/deliveries', allowed: ['admin'], ok: 200, make: async () => ({ path: `/api/webhooks/${await newWebhook()}/deliveries` }) },
  { method: 'GET', route: '/api/webhook-deliveries/[id]', allowed: ['admin'], ok: 200, make: async (ctx) => ({ path: `/api/webhook-deliveries/${await newDelivery(ctx)}` }) },
  { method: 'POST', route: '/api/webhook-deliveries/[id]/redeliver', allowed: ['admin'], ok: 200, make: async (ctx) => ({ path: `/api/webhook-deliveries/${await newDelivery(ctx)}/redeliver` }) },
  { method: 'GET', route: '/api/articles/[id]/events', allowed: 'any', ok: 200, stream: true, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/events` }) },
  { method: 'GET', route: '/api/articles/[id]/presence', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/presence` }) },
  { method: 'GET', route: '/api/review-queue/events', allowed: 'any', ok: 200, stream: true, make: async () => ({ path: '/api/review-queue/events' }) },
  { method: 'GET', route: '/api/events', allowed: 'any', ok: 200, stream: true, make: async () => ({ path: '/api/events' }) },
  { method: 'GET', route: '/api/articles/[id]/quote-checks', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/quote-checks` }) },
  { method: 'POST', route: '/api/suggestions/[id]/accept', allowed: ALL, ok: 201, make: async (ctx) => ({ path: `/api/suggestions/${await newSuggestion(ctx)}/accept` }) },
  { method: 'POST', route: '/api/suggestions/[id]/dismiss', allowed: ALL, ok: 204, make: async (ctx) => ({ path: `/api/suggestions/${await newSuggestion(ctx)}/dismiss` }) },
  {
    // Undo is for whoever decided (each writer dismisses its own first); others get 403 from the table.
    method: 'POST',
    route: '/api/suggestions/[id]/undo',
    allowed: ALL,
    ok: 200,
    make: async (ctx, c) => {
      const id = await newSuggestion(ctx)
      expect((await writer(ctx, c).post(`/api/suggestions/${id}/dismiss`)).status).toBe(204)
      return { path: `/api/suggestions/${id}/undo` }
    },
  },
  {
    method: 'POST',
    route: '/api/suggestions/[id]/restore',
    allowed: ALL,
    ok: 200,
    make: async (ctx) => {
      const id = await newSuggestion(ctx)
      expect((await ctx.owner.post(`/api/suggestions/${id}/dismiss`)).status).toBe(204)
      return { path: `/api/suggestions/${id}/restore` }
    },
  },
  { method: 'GET', route: '/api/articles', allowed: 'any', ok: 200, make: async () => ({ path: '/api/articles' }) },
  { method: 'POST', route: '/api/articles', allowed: ALL, ok: 201, make: async () => ({ path: '/api/articles', body: { title: unique('M'), body: 'Text.' } }) },
  { method: 'GET', route: '/api/articles/[id]', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}` }) },
  { method: 'PATCH', route: '/api/articles/[id]', allowed: ALL, ok: 200, make: async (ctx) => ({ path: `/api/articles/${(await freshArticle(ctx)).id}`, body: { status: 'archived' } }) },
  { method: 'DELETE', route: '/api/articles/[id]', allowed: ['admin'], ok: 204, make: async (ctx) => ({ path: `/api/articles/${(await freshArticle(ctx)).id}` }) },
  {
    method: 'POST',
    route: '/api/articles/[id]/restore',
    allowed: ['admin'],
    ok: 200,
    make: async (ctx) => {
      const a = await freshArticle(ctx)
      expect((await (await ApiClient.as('admin@galley.test')).delete(`/api/articles/${a.id}`)).status).toBe(204)
      return { path: `/api/articles/${a.id}/restore` }
    },
  },
  { method: 'GET', route: '/api/articles/[id]/annotations', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/annotations` }) },
  { method: 'POST', route: '/api/articles/[id]/annotations', allowed: ALL, ok: 201, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/annotations`, body: { kind: 'claim', ...cp('The talks are weeks old.') } }) },
  { method: 'GET', route: '/api/articles/[id]/export', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/export?format=markdown` }) },
  { method: 'GET', route: '/api/articles/[id]/history', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/history` }) },
  { method: 'GET', route: '/api/articles/[id]/revisions', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/revisions` }) },
  { method: 'GET', route: '/api/articles/[id]/revisions/[number]', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/revisions/1` }) },
  { method: 'GET', route: '/api/articles/[id]/diff', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/diff?from=1&to=1` }) },
  {
    method: 'PUT',
    route: '/api/articles/[id]/body',
    allowed: ALL,
    ok: 200,
    make: async (ctx) => ({ path: `/api/articles/${(await freshArticle(ctx)).id}/body`, body: { body: BODY + ' Updated.', baseRevision: 1 } }),
  },
  // The publish dialog's preview: for whoever may publish (every role), reads only.
  { method: 'GET', route: '/api/articles/[id]/publish', allowed: ALL, ok: 200, make: async (ctx) => ({ path: `/api/articles/${ctx.articleId}/publish` }) },
  {
    method: 'POST',
    route: '/api/articles/[id]/publish',
    allowed: ALL,
    ok: 200,
    make: async (ctx) => {
      const a = await freshArticle(ctx)
      const fix = await ownFix({ ...ctx, articleId: a.id }, ctx.owner)
      const reviewer = await ApiClient.as('reviewer@galley.test')
      expect((await reviewer.post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })).status).toBe(200)
      return { path: `/api/articles/${a.id}/publish` }
    },
  },
  {
    method: 'PATCH',
    route: '/api/annotations/[id]',
    allowed: ALL,
    ok: 200,
    make: async (ctx, c) => {
      const fix = await ownFix(ctx, writer(ctx, c))
      return { path: `/api/annotations/${fix.id}`, body: { version: fix.version, note: 'matrix' } }
    },
  },
  { method: 'DELETE', route: '/api/annotations/[id]', allowed: ALL, ok: 204, make: async (ctx, c) => ({ path: `/api/annotations/${(await ownFix(ctx, writer(ctx, c))).id}` }) },
  {
    method: 'POST',
    route: '/api/annotations/[id]/review',
    allowed: ['reviewer', 'admin'],
    ok: 200,
    make: async (ctx) => ({ path: `/api/annotations/${(await ownFix(ctx, ctx.owner)).id}/review`, body: { decision: 'reject' } }),
  },
  {
    // Only the reviewer who decided takes it back: each reviewer or admin undoes their own decision;
    // an editor (whose undo of the demo reviewer's decision is 403) cannot review at all.
    method: 'POST',
    route: '/api/annotations/[id]/review/undo',
    allowed: ['reviewer', 'admin'],
    ok: 200,
    make: async (ctx, c) => {
      const fix = await ownFix(ctx, ctx.owner)
      const decider = c.role === 'reviewer' || c.role === 'admin' ? (c.session ?? c.client) : await ApiClient.as('reviewer@galley.test')
      const decided = await decider.post(`/api/annotations/${fix.id}/review`, { decision: 'reject' })
      expect(decided.status).toBe(200)
      return { path: `/api/annotations/${fix.id}/review/undo`, body: { reviewId: decided.body.review.id } }
    },
  },
  {
    method: 'POST',
    route: '/api/annotations/[id]/occurrences',
    allowed: ALL,
    ok: 201,
    make: async (ctx, c) => {
      const a = (await ctx.owner.post('/api/articles', { title: unique('Matrix'), body: `${BODY} Pain left.` })).body as { id: string }
      const fix = await ownFix({ ...ctx, articleId: a.id }, writer(ctx, c))
      return { path: `/api/annotations/${fix.id}/occurrences`, body: {} }
    },
  },
  {
    method: 'POST',
    route: '/api/fix-groups/[id]/review',
    allowed: ['reviewer', 'admin'],
    ok: 200,
    make: async (ctx) => {
      const a = (await ctx.owner.post('/api/articles', { title: unique('Matrix'), body: `${BODY} Pain left.` })).body as { id: string }
      const fix = await ownFix({ ...ctx, articleId: a.id }, ctx.owner)
      const group = (await ctx.owner.post(`/api/annotations/${fix.id}/occurrences`, {})).body as { groupId: string; fix: { id: string; version: number }; created: Array<{ id: string; version: number }> }
      expect(group.created).toHaveLength(1)
      return { path: `/api/fix-groups/${group.groupId}/review`, body: { decision: 'reject', fixes: [group.fix, ...group.created].map((f) => ({ id: f.id, version: f.version })) } }
    },
  },
  {
    method: 'POST',
    route: '/api/annotations/[id]/reattach',
    allowed: ALL,
    ok: 200,
    make: async (ctx) => ({ path: `/api/annotations/${await orphanedClaim(ctx)}/reattach`, body: { start: 30, end: 42, exact: 'Talks began.' } }),
  },
  {
    method: 'POST',
    route: '/api/annotations/[id]/dismiss',
    allowed: ALL,
    ok: 204,
    make: async (ctx) => ({ path: `/api/annotations/${await orphanedClaim(ctx)}/dismiss` }),
  },
  { method: 'GET', route: '/api/annotations/[id]/comments', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/annotations/${(await ownFix(ctx, ctx.owner)).id}/comments` }) },
  { method: 'POST', route: '/api/annotations/[id]/comments', allowed: ALL, ok: 201, make: async (ctx) => ({ path: `/api/annotations/${(await ownFix(ctx, ctx.owner)).id}/comments`, body: { body: 'Source?' } }) },
  {
    method: 'POST',
    route: '/api/comments/[id]/resolve',
    allowed: ALL,
    ok: 200,
    make: async (ctx) => ({ path: `/api/comments/${await newThread(ctx)}/resolve` }),
  },
  {
    method: 'POST',
    route: '/api/comments/[id]/reopen',
    allowed: ALL,
    ok: 200,
    make: async (ctx) => {
      const thread = await newThread(ctx)
      await ctx.owner.post(`/api/comments/${thread}/resolve`)
      return { path: `/api/comments/${thread}/reopen` }
    },
  },
  { method: 'GET', route: '/api/review-queue', allowed: 'any', ok: 200, make: async () => ({ path: '/api/review-queue' }) },
  { method: 'GET', route: '/api/review-queue/count', allowed: 'any', ok: 200, make: async () => ({ path: '/api/review-queue/count' }) },
  { method: 'GET', route: '/api/report', allowed: 'any', ok: 200, make: async () => ({ path: '/api/report' }) },
  { method: 'GET', route: '/api/search', allowed: 'any', ok: 200, make: async () => ({ path: '/api/search?q=Pain' }) },
  { method: 'GET', route: '/api/claims/similar', allowed: 'any', ok: 200, make: async () => ({ path: '/api/claims/similar?text=The+talks+are+weeks+old.' }) },
  { method: 'GET', route: '/api/annotations/[id]/similar', allowed: 'any', ok: 200, make: async (ctx) => ({ path: `/api/annotations/${(await ownFix(ctx, ctx.owner)).id}/similar` }) },
  { method: 'GET', route: '/api/tokens', allowed: ALL, ok: 200, make: async () => ({ path: '/api/tokens' }) },
  // A token may not mint tokens: they would outlive its revocation.
  { method: 'POST', route: '/api/tokens', allowed: ALL, ok: 201, token: 403, make: async () => ({ path: '/api/tokens', body: { name: 'matrix' } }) },
  {
    method: 'DELETE',
    route: '/api/tokens/[id]',
    allowed: ALL,
    ok: 204,
    make: async (ctx, c) => ({ path: `/api/tokens/${(await (c.session ?? writer(ctx, c)).post('/api/tokens', { name: 'to revoke' })).body.id}` }),
  },
  { method: 'GET', route: '/api/users', allowed: ['admin'], ok: 200, make: async () => ({ path: '/api/users' }) },
  { method: 'POST', route: '/api/users', allowed: ['admin'], ok: 201, token: 403, make: async () => ({ path: '/api/users', body: { email: `${unique('m')}@matrix.test`, name: 'M', role: 'editor' } }) },
  {
    method: 'PATCH',
    route: '/api/users/[id]',
    allowed: ['admin'],
    ok: 200,
    token: 403,
    make: async () => {
      const { user } = await createUser({ email: `${unique('p')}@matrix.test`, name: 'P', role: 'editor' })
      return { path: `/api/users/${user.id}`, body: { role: 'reviewer' } }
    },
  },
  { method: 'POST', route: '/api/account/password', allowed: ALL, ok: 422, token: 403, make: async () => ({ path: '/api/account/password', body: { currentPassword: 'not-it', newPassword: 'long-enough-password' } }) },
  // Any other /api path: a JSON 404 for signed-in callers.
  ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ method, route: '/api/[...path]', allowed: 'any' as const, ok: 404, make: async () => ({ path: '/api/no-such-route' }) })),
]

/** Auth.js handles its own routes (sign-in, CSRF); they are public by design. */
const EXCLUDED = new Set(['/api/auth/[...nextauth]'])

function declaredRoutes(): Array<{ route: string; method: string }> {
  const root = path.join(__dirname)
  const out: Array<{ route: string; method: string }> = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name === 'route.ts') {
        const route = '/api' + path.dirname(path.relative(root, full)).replace(/^\.$/, '').replace(/^/, '/').replace(/\/$/, '')
        const src = fs.readFileSync(full, 'utf8')
        const methods = new Set<string>()
        for (const m of src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1])
        for (const m of src.matchAll(/as (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1])
        for (const m of src.matchAll(/export const \{ ([A-Z, ]+) \}/g)) for (const x of m[1].split(/,\s*/)) methods.add(x)
        for (const method of methods) out.push({ route: route.replace('/api/', '/api/').replace(/\/+/g, '/'), method })
      }
    }
  }
  walk(root)
  return out
}

/** The status of an event stream; the body (which never ends) is not read. */
async function streamStatus(client: ApiClient, path: string): Promise<{ status: number; body: any }> {
  const abort = new AbortController()
  const res = await client.raw(path, { signal: abort.signal })
  if (res.status >= 400) return { status: res.status, body: await res.json() }
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
  abort.abort()
  return { status: res.status, body: null }
}

let ctx: Ctx
const callers: Caller[] = []
const PASSWORD = 'matrix-password-1'

beforeAll(async () => {
  const owner = await ApiClient.as('editor@galley.test')
  const article = (await owner.post('/api/articles', { title: unique('Matrix'), body: BODY })).body
  ctx = { owner, articleId: article.id, body: BODY }
  callers.push({ name: 'anonymous', role: null, client: new ApiClient() })
  for (const role of ALL) {
    const { user } = await createUser({ email: `${unique(role)}@matrix.test`, name: `Matrix ${role}`, role, password: PASSWORD })
    const client = await ApiClient.as(user.email, PASSWORD)
    callers.push({ name: role, role, client })
    const token = (await client.post('/api/tokens', { name: 'matrix' })).body.token
    callers.push({ name: `${role} token`, role, client: new BearerClient(token), session: client })
  }
  const { user } = await createUser({ email: `${unique('gone')}@matrix.test`, name: 'Gone', role: 'admin', password: PASSWORD })
  const gone = await ApiClient.as(user.email, PASSWORD)
  const goneToken = (await gone.post('/api/tokens', { name: 'gone' })).body.token
  await deactivateUser({ email: user.email })
  callers.push({ name: 'deactivated', role: null, client: gone })
  callers.push({ name: 'deactivated token', role: null, client: new BearerClient(goneToken) })
}, 120_000)
afterAll(disconnectDb)

describe('authorization matrix', () => {
  it('has an entry for every route and method under app/api', () => {
    const table = new Set(ROUTES.map((r) => `${r.method} ${r.route}`))
    const missing = declaredRoutes()
      .filter((r) => !EXCLUDED.has(r.route))
      .map((r) => `${r.method} ${r.route}`)
      .filter((k) => !table.has(k))
    expect(missing).toEqual([])
  })

  it('has no server actions beyond sign-in (password, demo account or SSO) and sign-out (which anyone may call)', () => {
    // (The demo one signs in only while demo sign-in is on, and only as a demo account.)
    // Server actions are reachable by direct POST; any new one must join this matrix.
    const files: string[] = []
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name)
        if (e.isDirectory() && !['node_modules', 'generated'].includes(e.name)) walk(full)
        else if (/\.tsx?$/.test(e.name) && /^['"]use server['"]/m.test(fs.readFileSync(full, 'utf8'))) files.push(path.relative(path.join(__dirname, '..', '..'), full))
      }
    }
    for (const dir of ['app', 'components', 'lib']) walk(path.join(__dirname, '..', '..', dir))
    expect(files).toEqual(['app/(auth)/actions.ts'])
    const src = fs.readFileSync(path.join(__dirname, '..', '(auth)', 'actions.ts'), 'utf8')
    expect([...src.matchAll(/export async function (\w+)/g)].map((m) => m[1])).toEqual(['signInAction', 'demoSignInAction', 'ssoSignInAction', 'signOutAction'])
  })

  for (const route of ROUTES) {
    it(`${route.method} ${route.route}`, async () => {
      const results: string[] = []
      const expected: string[] = []
      for (const caller of callers) {
        const req = await route.make(ctx, caller)
        const res = route.stream ? await streamStatus(caller.client, req.path) : await caller.client.request(route.method, req.path, req.body)
        const want =
          route.allowed === 'public'
            ? route.ok
            : !caller.role
              ? 401
              : route.allowed === 'any' || route.allowed.includes(caller.role)
                ? caller.client instanceof BearerClient && route.token !== undefined
                  ? route.token
                  : route.ok
                : 403
        results.push(`${caller.name}: ${res.status}`)
        expected.push(`${caller.name}: ${want}`)
        if (res.status >= 400) expect(res.body?.error?.code, `${caller.name} ${req.path}`).toEqual(expect.any(String))
      }
      expect(results).toEqual(expected)
    }, 60_000)
  }
})

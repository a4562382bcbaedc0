/** API tokens, cross-site write protection, sign-in throttling, security headers and cookies. */
import { afterAll, describe, expect, it } from 'vitest'
import { ApiClient, BASE_URL, unique } from '@/lib/testing/api-client'
import { createUser, deactivateUser } from '@/lib/db/users'
import { db, disconnectDb } from '@/lib/db/client'

afterAll(disconnectDb)
const base = () => process.env.GALLEY_TEST_BASE_URL ?? BASE_URL

async function newUser(role: 'editor' | 'reviewer' | 'admin') {
  const password = 'trust-test-password'
  const { user } = await createUser({ email: `${unique(role)}@trust.test`, name: unique('T'), role, password })
  return { user, client: await ApiClient.as(user.email, password) }
}

const bearer = (token: string, path: string, init: RequestInit = {}) =>
  fetch(base() + path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } })

describe('API tokens', () => {
  it('are shown once, stored hashed, act with the owner’s role, record last use, and stop when revoked', async () => {
    const { user, client } = await newUser('reviewer')
    const created = await client.post('/api/tokens', { name: 'CMS bridge' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'CMS bridge', token: expect.stringMatching(/^gly_[A-Za-z0-9_-]{43}$/) })
    const { token, id } = created.body
    const row = await db().apiToken.findUniqueOrThrow({ where: { id } })
    expect(row.tokenHash).not.toContain(token)
    expect(JSON.stringify((await client.get('/api/tokens')).body)).not.toContain(token)

    const list = await bearer(token, '/api/articles')
    expect(list.status).toBe(200)
    const me = await bearer(token, '/api/review-queue')
    expect(me.status).toBe(200)
    const tokens = (await client.get('/api/tokens')).body.tokens
    expect(tokens[0]).toMatchObject({ id, name: 'CMS bridge', lastUsedAt: expect.any(String) })
    expect(await db().auditEvent.count({ where: { action: 'token.use', entityId: id } })).toBe(1) // once a minute at most

    // Acts as the owner: a reviewer's token may review, and the audit names the owner.
    const editor = await newUser('editor')
    const article = (await editor.client.post('/api/articles', { title: unique('Tok'), body: 'Vincent Pain spoke.' })).body
    const fix = (await editor.client.post(`/api/articles/${article.id}/annotations`, { kind: 'error', start: 8, end: 12, exact: 'Pain', correction: 'Pang', category: 'name' })).body
    const reviewed = await bearer(token, `/api/annotations/${fix.id}/review`, { method: 'POST', body: JSON.stringify({ decision: 'approve' }) })
    expect(reviewed.status).toBe(200)
    expect((await db().review.findFirstOrThrow({ where: { annotationId: fix.id } })).reviewerId).toBe(user.id)

    expect((await client.delete(`/api/tokens/${id}`)).status).toBe(204)
    expect((await bearer(token, '/api/articles')).status).toBe(401)
    expect((await client.delete(`/api/tokens/${id}`)).status).toBe(404)
  })

  it('stop working at once when the owner is deactivated; a bad token is 401, not a cookie fallback', async () => {
    const { user, client } = await newUser('editor')
    const { token } = (await client.post('/api/tokens', { name: 'script' })).body
    expect((await bearer(token, '/api/articles')).status).toBe(200)
    await deactivateUser({ email: user.email })
    expect((await bearer(token, '/api/articles')).status).toBe(401)
    const other = await newUser('editor')
    const res = await fetch(base() + '/api/articles', { headers: { authorization: 'Bearer gly_not-a-real-token', cookie: other.client.cookieHeader } })
    expect(res.status).toBe(401)
    expect((await other.client.post('/api/tokens', { name: '' })).status).toBe(422)
    expect((await other.client.delete('/api/tokens/00000000-0000-0000-0000-000000000000')).status).toBe(404)
  })
})

describe('cross-site writes', () => {
  it('refuse a cookie-authenticated write from a foreign Origin, but not one without Origin', async () => {
    const { client } = await newUser('editor')
    const payload = { title: unique('Origin'), body: 'Text.' }
    const foreign = await client.request('POST', '/api/articles', payload, { origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(foreign.body.error.message).toContain('evil.example')
    expect(await db().article.count({ where: { title: payload.title } })).toBe(0)
    const same = await client.request('POST', '/api/articles', payload, { origin: base() })
    expect(same.status).toBe(201)
    expect((await client.post('/api/articles', { ...payload, title: unique('NoOrigin') })).status).toBe(201)
  })
})

describe('sign-in throttling', () => {
  it('refuses further attempts after 5 failures for an email, even with the right password', async () => {
    const password = 'right-password-123'
    const { user } = await createUser({ email: `${unique('throttle')}@trust.test`, name: 'T', role: 'editor', password })
    for (let i = 0; i < 5; i++) expect(await new ApiClient().signIn(user.email, 'wrong')).toBe(false)
    expect(await new ApiClient().signIn(user.email, password)).toBe(false)
    const client = new ApiClient()
    const csrf = (await (await client.raw('/api/auth/csrf')).json()).csrfToken
    const res = await client.raw('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrf, email: user.email, password }).toString(),
    })
    expect(res.headers.get('location')).toContain('code=throttled')
  })
})

describe('headers and cookies', () => {
  it('sends a CSP with frame-ancestors, a referrer policy, and HttpOnly SameSite session cookies', async () => {
    const page = await fetch(base() + '/signin')
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("default-src 'self'")
    // Scripts run only with this response's nonce: no 'unsafe-inline', a fresh nonce each time, and
    // every script tag Next.js rendered carries it.
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? ''
    expect(scriptSrc).not.toContain('unsafe-inline')
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1]
    expect(nonce).toBeTruthy()
    const html = await page.text()
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    const again = (await fetch(base() + '/signin')).headers.get('content-security-policy') ?? ''
    expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce)
    // The API never needs to run anything.
    const api = await fetch(base() + '/api/health')
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    const client = new ApiClient()
    const csrf = (await (await client.raw('/api/auth/csrf')).json()).csrfToken
    const res = await client.raw('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrf, email: 'editor@galley.test', password: 'galley-demo' }).toString(),
    })
    const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='))!
    expect(session).toMatch(/HttpOnly/i)
    expect(session).toMatch(/SameSite=Lax/i)
  })
})

describe('own password', () => {
  it('changes with the current password; the old one stops working', async () => {
    const { user, client } = await newUser('editor')
    expect((await client.post('/api/account/password', { currentPassword: 'wrong', newPassword: 'a-new-long-password' })).status).toBe(422)
    expect((await client.post('/api/account/password', { currentPassword: 'trust-test-password', newPassword: 'short' })).status).toBe(422)
    expect((await client.post('/api/account/password', { currentPassword: 'trust-test-password', newPassword: 'a-new-long-password' })).status).toBe(204)
    expect(await new ApiClient().signIn(user.email, 'trust-test-password')).toBe(false)
    expect(await new ApiClient().signIn(user.email, 'a-new-long-password')).toBe(true)
    expect(await db().auditEvent.count({ where: { action: 'user.password', entityId: user.id } })).toBe(1)
  })
})

/** A client whose cookie header is frozen: what an attacker holding a copied cookie would send. */
const replay = (cookie: string, path: string) => fetch(base() + path, { headers: { cookie }, redirect: 'manual' })

async function signOut(client: ApiClient) {
  const csrf = (await (await client.raw('/api/auth/csrf')).json()).csrfToken
  const res = await client.raw('/api/auth/signout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrfToken: csrf }).toString() })
  expect([200, 302]).toContain(res.status)
}

describe('sessions end when they should', () => {
  it('sign-out ends the session at once: the old cookie, replayed, is refused', async () => {
    const { client } = await newUser('editor')
    const stolen = client.cookieHeader
    expect((await replay(stolen, '/api/articles')).status).toBe(200)
    await signOut(client)
    expect((await replay(stolen, '/api/articles')).status).toBe(401)
    const page = await replay(stolen, '/articles')
    expect(page.status).toBe(307) // pages send a dead session to the sign-in page
    expect(page.headers.get('location')).toContain('/signin')
  })

  it('a password change ends the person’s other sessions and revokes their tokens, but not the session that made it', async () => {
    const { user, client } = await newUser('editor')
    const laptop = await ApiClient.as(user.email, 'trust-test-password')
    const { token } = (await laptop.post('/api/tokens', { name: 'CMS' })).body
    expect((await bearer(token, '/api/articles')).status).toBe(200)
    expect((await client.post('/api/account/password', { currentPassword: 'trust-test-password', newPassword: 'another-long-password' })).status).toBe(204)
    expect((await laptop.get('/api/articles')).status).toBe(401)
    expect((await bearer(token, '/api/articles')).status).toBe(401)
    expect((await client.get('/api/articles')).status).toBe(200)
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'user.password', entityId: user.id } })
    expect(audit.after).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1 })
  })
})

describe('API tokens cannot mint or change credentials', () => {
  it('refuses POST /api/tokens and a password change made with a token', async () => {
    const { client } = await newUser('editor')
    const { token } = (await client.post('/api/tokens', { name: 'parent' })).body
    const child = await bearer(token, '/api/tokens', { method: 'POST', body: JSON.stringify({ name: 'child' }) })
    expect(child.status).toBe(403)
    expect((await child.json()).error.message).toContain('cannot create tokens')
    expect((await client.get('/api/tokens')).body.tokens.map((t: any) => t.name)).toEqual(['parent'])
    const pw = await bearer(token, '/api/account/password', { method: 'POST', body: JSON.stringify({ currentPassword: 'trust-test-password', newPassword: 'token-chosen-password' }) })
    expect(pw.status).toBe(403)
    expect(await new ApiClient().signIn((await db().apiToken.findFirstOrThrow({ where: { name: 'parent' }, include: { user: true }, orderBy: { createdAt: 'desc' } })).user.email, 'trust-test-password')).toBe(true)
  })
})

/** Post credentials from a given source address; true when Auth.js evaluated them (not throttled). */
async function attempt(email: string, password: string, source = '203.0.113.9'): Promise<{ signedIn: boolean; throttled: boolean }> {
  const client = new ApiClient()
  const csrf = (await (await client.raw('/api/auth/csrf')).json()).csrfToken
  const res = await client.raw('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': source },
    body: new URLSearchParams({ csrfToken: csrf, email, password }).toString(),
  })
  const location = res.headers.get('location') ?? ''
  return { signedIn: !location.includes('error='), throttled: location.includes('code=throttled') }
}

describe('the sign-in throttle decides atomically, per account and source', () => {
  it('30 parallel wrong passwords get exactly five guesses checked; the rest are throttled', async () => {
    const { user } = await createUser({ email: `${unique('burst')}@trust.test`, name: 'B', role: 'editor', password: 'right-password-123' })
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(user.email, `wrong-${i}`)))
    expect(results.filter((r) => !r.throttled)).toHaveLength(5)
    expect(results.every((r) => !r.signedIn)).toBe(true)
    expect((await attempt(user.email, 'right-password-123')).throttled).toBe(true)
  })

  it('a stranger’s failures lock out only their own address; the owner signs in from elsewhere', async () => {
    const { user } = await createUser({ email: `${unique('lock')}@trust.test`, name: 'L', role: 'editor', password: 'right-password-123' })
    for (let i = 0; i < 5; i++) expect((await attempt(user.email, 'wrong', '198.51.100.7')).throttled).toBe(false)
    expect((await attempt(user.email, 'right-password-123', '198.51.100.7')).throttled).toBe(true)
    expect(await attempt(user.email, 'right-password-123', '192.0.2.44')).toEqual({ signedIn: true, throttled: false })
  })

  it('failures from many addresses put the account on a slow path that still lets the right person in', async () => {
    const { user } = await createUser({ email: `${unique('slow')}@trust.test`, name: 'S', role: 'editor', password: 'right-password-123' })
    for (let i = 0; i < 10; i++) expect((await attempt(user.email, 'wrong', `198.51.100.${100 + i}`)).throttled).toBe(false)
    // The account is slowed: the next attempt from a fresh address is checked (and is right)...
    expect(await attempt(user.email, 'right-password-123', '192.0.2.80')).toEqual({ signedIn: true, throttled: false })
    // ...and the one right after it, from yet another address, waits its turn.
    expect((await attempt(user.email, 'wrong', '192.0.2.81')).throttled).toBe(true)
    expect(await db().auditEvent.count({ where: { action: 'auth.account_slowed', after: { path: ['email'], equals: user.email } } })).toBe(1)
  })

  it('aggregates failed sign-ins in the audit trail instead of a row per guess', async () => {
    const { user } = await createUser({ email: `${unique('agg')}@trust.test`, name: 'A', role: 'editor', password: 'right-password-123' })
    const email = user.email
    for (let i = 0; i < 25; i++) await attempt(email, 'guess', '198.51.100.250')
    const rows = await db().auditEvent.findMany({ where: { action: { startsWith: 'auth.' }, after: { path: ['email'], equals: email } }, orderBy: { id: 'asc' } })
    expect(rows.map((r) => r.action)).toEqual(['auth.sign_in_failed', 'auth.sign_in_locked'])
    const row = await db().authThrottle.findUniqueOrThrow({ where: { key: `sign-in:${email}|198.51.100.250` } })
    expect(row.failures).toBe(5)
  })

  it('logs guesses at unknown accounts at most once a minute, however many emails and addresses are sprayed', async () => {
    const since = new Date()
    const emails = Array.from({ length: 30 }, (_, i) => `${unique(`spray${i}`)}@nowhere.test`)
    for (const [i, email] of emails.entries()) await attempt(email, 'guess', `203.0.113.${i}`)
    const rows = await db().auditEvent.count({ where: { action: { startsWith: 'auth.' }, at: { gte: since }, OR: emails.map((email) => ({ after: { path: ['email'], equals: email } })) } })
    expect(rows).toBeLessThanOrEqual(1)
  })

  it('gives back the places of attempts that died mid-check, so they cannot lock an account', async () => {
    const key = `sign-in:${unique('leak')}@trust.test`
    // Ten attempts let through and never settled (a crashed process), a minute and more ago.
    await db().authThrottle.create({ data: { key, inflight: 10, failures: 0, lastTakeAt: new Date(Date.now() - 120_000) } })
    const [row] = await db().$queryRaw<Array<{ allowed: boolean; busy: boolean }>>`SELECT * FROM galley_throttle_take(ARRAY[${key}], ARRAY[10], ARRAY[900000], ARRAY[30000])`
    expect(row).toMatchObject({ allowed: true, busy: false })
    // Places held by attempts still being checked right now are respected.
    const fresh = `sign-in:${unique('busy')}@trust.test`
    await db().authThrottle.create({ data: { key: fresh, inflight: 10, failures: 0, lastTakeAt: new Date() } })
    const [busy] = await db().$queryRaw<Array<{ allowed: boolean; busy: boolean }>>`SELECT * FROM galley_throttle_take(ARRAY[${fresh}], ARRAY[10], ARRAY[900000], ARRAY[30000])`
    expect(busy).toMatchObject({ allowed: false, busy: true })
  })
})

describe('the password-change route is throttled and audited too', () => {
  it('answers 429 after five wrong current passwords, even with the right one, and audits each', async () => {
    const { user, client } = await newUser('editor')
    for (let i = 0; i < 5; i++) expect((await client.post('/api/account/password', { currentPassword: `wrong-${i}`, newPassword: 'a-new-long-password' })).status).toBe(422)
    const refused = await client.post('/api/account/password', { currentPassword: 'trust-test-password', newPassword: 'a-new-long-password' })
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('rate_limited')
    expect(await db().auditEvent.count({ where: { action: 'user.password_wrong', entityId: user.id } })).toBe(5)
    expect(await new ApiClient().signIn(user.email, 'trust-test-password')).toBe(true)
  })
})

describe('after sign-in, only paths on this site', () => {
  it('the credentials callback never redirects to another host, however the callback URL is spelled', async () => {
    const { user } = await createUser({ email: `${unique('redirect')}@trust.test`, name: 'R', role: 'editor', password: 'right-password-123' })
    for (const callbackUrl of ['/\\evil.test/x', '/\t/evil.test/x', '/\\\\evil.test', '//evil.test/x', 'https://evil.test/x', '/articles\r\nSet-Cookie: a=b']) {
      const client = new ApiClient()
      const csrf = (await (await client.raw('/api/auth/csrf')).json()).csrfToken
      const res = await client.raw('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrfToken: csrf, email: user.email, password: 'right-password-123', callbackUrl }).toString(),
      })
      expect(res.status, JSON.stringify(callbackUrl)).toBe(302)
      const location = res.headers.get('location')!
      // Auth.js names the site as localhost or 127.0.0.1 (the same server): never another host.
      const landed = new URL(location, base())
      expect(['localhost', '127.0.0.1'], JSON.stringify(callbackUrl)).toContain(landed.hostname)
      expect(landed.port).toBe(new URL(base()).port)
      expect(location).not.toMatch(/[\r\n]/)
    }
  })
})

describe('a dead credential learns nothing but 401', () => {
  it('creating an annotation with a revoked token or a signed-out session and bad input answers 401, not 422 or 404', async () => {
    const { client } = await newUser('editor')
    const article = (await client.post('/api/articles', { title: unique('Dead'), body: 'Vincent Pain spoke.' })).body
    const { token, id } = (await client.post('/api/tokens', { name: 'soon revoked' })).body
    expect((await client.delete(`/api/tokens/${id}`)).status).toBe(204)
    const stolen = client.cookieHeader
    await signOut(client)
    const bad = JSON.stringify({ kind: 'error', start: 8, end: 12, exact: 'Pain', correction: 'Pain' })
    for (const headers of [{ authorization: `Bearer ${token}` }, { authorization: 'Bearer gly_not-a-token' }, { cookie: stolen }] as Array<Record<string, string>>) {
      for (const [path, body] of [[`/api/articles/${article.id}/annotations`, bad], ['/api/articles/not-a-uuid/annotations', bad], [`/api/articles/${article.id}/annotations`, '{"kind":']]) {
        const res = await fetch(base() + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
        expect(res.status, `${Object.keys(headers)[0]} ${path} ${body.slice(0, 20)}`).toBe(401)
      }
    }
    expect(await db().annotation.count({ where: { articleId: article.id } })).toBe(0)
  })
})

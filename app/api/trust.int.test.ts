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

import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import type { Browser, Page } from '@playwright/test'
import { startCluster, type Cluster } from '@/lib/testing/cluster'
import { ApiClient } from '@/lib/testing/api-client'
import { expect, PASSWORD, test } from './fixtures'

/**
 * Single sign-on through a real OpenID Connect provider (e2e/idp.mjs, panva's oidc-provider) and
 * two Galley instances of this spec's own on one database: 3180 with SSO beside passwords, 3181
 * with password sign-in off and a default role for newcomers. Everything on localhost.
 */
test.describe.configure({ mode: 'serial' })

const IDP_PORT = 4455
const IDP = `http://localhost:${IDP_PORT}`
const APP = 'http://localhost:3180'
const SSO_ONLY = 'http://localhost:3181'
const SECRET = 'galley-sso-test-secret'
let idp: ChildProcess
let cluster: Cluster

test.beforeAll(async () => {
  test.setTimeout(180_000)
  idp = spawn(process.execPath, [path.join(__dirname, 'idp.mjs')], {
    env: { ...process.env, IDP_PORT: String(IDP_PORT), IDP_CLIENT_SECRET: SECRET, IDP_REDIRECTS: `${APP}/api/auth/callback/oidc,${SSO_ONLY}/api/auth/callback/oidc` },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    idp.stdout!.on('data', (d: Buffer) => d.toString().includes('idp ready') && resolve())
    idp.once('exit', (code) => reject(new Error(`the test identity provider exited (${code})`)))
  })
  const sso = { GALLEY_OIDC_ISSUER: IDP, GALLEY_OIDC_CLIENT_ID: 'galley', GALLEY_OIDC_CLIENT_SECRET: SECRET, GALLEY_OIDC_NAME: 'Newsroom SSO', GALLEY_OIDC_ALLOWED_DOMAINS: 'galley.test,newsroom.test', GALLEY_OIDC_ROLE_CLAIM: 'groups' }
  cluster = await startCluster({ ports: [3180, 3181], env: sso, instanceEnv: [{}, { GALLEY_PASSWORD_SIGNIN: 'off', GALLEY_OIDC_DEFAULT_ROLE: 'editor' }] })
  // People the newsroom's admin added to Galley beforehand.
  const admin = await ApiClient.as('admin@galley.test', PASSWORD, cluster.urls[0])
  for (const [email, role] of [['sso.first@newsroom.test', 'reviewer'], ['sso.unverified@newsroom.test', 'editor'], ['sso.promoted@newsroom.test', 'editor']]) {
    expect((await admin.post('/api/users', { email, name: email.split('@')[0], role })).status).toBe(201)
  }
})

test.afterAll(async () => {
  await cluster?.stop()
  idp?.kill()
})

async function nextAccount(accountId: string) {
  const res = await fetch(`${IDP}/__test/next`, { method: 'POST', body: JSON.stringify({ accountId }) })
  expect(res.ok).toBe(true)
}

async function ssoSignIn(browser: Browser, accountId: string, base = APP): Promise<Page> {
  await nextAccount(accountId)
  const page = await (await browser.newContext({ baseURL: base })).newPage()
  await page.goto('/signin')
  await page.getByRole('button', { name: 'Sign in with Newsroom SSO' }).click()
  await page.waitForURL((u) => u.origin === base && !u.pathname.startsWith('/api/'))
  return page
}

test('an existing user signs in through SSO, matched by verified email, with their role', async ({ browser }) => {
  const page = await ssoSignIn(browser, 'existing')
  await expect(page.getByTestId('current-user')).toContainText('editor@galley.test')
  await expect(page.getByTestId('current-role')).toHaveText('editor')
  // The password form is still there for those who use it.
  const other = await (await browser.newContext({ baseURL: APP })).newPage()
  await other.goto('/signin')
  await expect(other.getByLabel('Password')).toBeVisible()
})

test('a first sign-in links by email; later ones match by issuer and subject even when the email changed', async ({ browser }) => {
  const first = await ssoSignIn(browser, 'first')
  await expect(first.getByTestId('current-user')).toContainText('sso.first@newsroom.test')
  await expect(first.getByTestId('current-role')).toHaveText('reviewer')
  const again = await ssoSignIn(browser, 'first-renamed')
  await expect(again.getByTestId('current-user')).toContainText('sso.first@newsroom.test')
})

test('refused with a clear message: unknown person, unverified email, another domain', async ({ browser }) => {
  for (const [account, message] of [
    ['stranger', 'ask an admin to add you'],
    ['unverified', 'has not verified your email address'],
    ['elsewhere', 'email domain is not allowed'],
  ] as const) {
    const page = await ssoSignIn(browser, account)
    await expect(page).toHaveURL(/\/signin\?/)
    await expect(page.getByTestId('sso-error')).toContainText(message)
    await expect(page.getByTestId('current-user')).toHaveCount(0)
  }
})

test('the groups claim sets the role', async ({ browser }) => {
  const page = await ssoSignIn(browser, 'promoted')
  await expect(page.getByTestId('current-user')).toContainText('sso.promoted@newsroom.test')
  await expect(page.getByTestId('current-role')).toHaveText('reviewer')
})

test('with password sign-in off: no password form, passwords refused, newcomers created with the default role', async ({ browser, playwright }) => {
  const page = await (await browser.newContext({ baseURL: SSO_ONLY })).newPage()
  await page.goto('/signin')
  await expect(page.getByTestId('password-off')).toBeVisible()
  await expect(page.getByLabel('Password')).toHaveCount(0)
  // Posting a right password straight to Auth.js is refused too.
  const api = await playwright.request.newContext({ baseURL: SSO_ONLY })
  const { csrfToken } = await (await api.get('/api/auth/csrf')).json()
  const res = await api.post('/api/auth/callback/credentials', { form: { csrfToken, email: 'admin@galley.test', password: PASSWORD }, maxRedirects: 0 })
  expect(res.headers()['location'] ?? '').toContain('error=')
  expect((await (await api.get('/api/auth/session')).json())?.user).toBeUndefined()
  const newcomer = await ssoSignIn(browser, 'newcomer', SSO_ONLY)
  await expect(newcomer.getByTestId('current-user')).toContainText('newcomer@newsroom.test')
  await expect(newcomer.getByTestId('current-role')).toHaveText('editor')
})

test('a forged callback is refused with 400, and a deactivated user stays out', async ({ browser, playwright }) => {
  const api = await playwright.request.newContext({ baseURL: APP })
  const forged = await api.get('/api/auth/callback/oidc?code=forged-code&state=forged-state&iss=' + encodeURIComponent(IDP), { maxRedirects: 0 })
  expect(forged.status()).toBe(400)
  expect((await forged.json()).error.code).toBe('bad_request')
  const admin = await ApiClient.as('admin@galley.test', PASSWORD, cluster.urls[0])
  const editor = (await admin.get('/api/users')).body.users.find((u: { email: string }) => u.email === 'editor@galley.test')
  expect((await admin.patch(`/api/users/${editor.id}`, { active: false })).status).toBe(200)
  const page = await ssoSignIn(browser, 'existing')
  await expect(page.getByTestId('sso-error')).toContainText('deactivated')
})

import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import type { Browser, Page } from '@playwright/test'
import postgres from 'postgres'
import { startCluster, type Cluster } from '@/lib/testing/cluster'
import { ApiClient } from '@/lib/testing/api-client'
import { expect, PASSWORD, test } from './fixtures'

/**
 * Single sign-on through a real OpenID Connect provider (e2e/idp.mjs, panva's oidc-provider) and
 * two Galley instances of this spec's own on one database: 3180 with SSO beside passwords, 3181
 * with password sign-in off and a default role for newcomers. Everything on localhost. Roles come
 * from the groups named in GALLEY_OIDC_*_GROUPS, nothing else.
 */
test.describe.configure({ mode: 'serial' })

const IDP_PORT = 4455
const IDP = `http://localhost:${IDP_PORT}`
const APP = 'http://localhost:3180'
const SSO_ONLY = 'http://localhost:3181'
const SECRET = 'galley-sso-test-secret'
let idp: ChildProcess
let cluster: Cluster
const ADMINS = 'Newsroom Desk Admins'
const GROUPS = { GALLEY_OIDC_ADMIN_GROUPS: `${ADMINS},desk-owners`, GALLEY_OIDC_REVIEWER_GROUPS: 'galley-reviewer', GALLEY_OIDC_EDITOR_GROUPS: 'desk-editors' }

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
  const sso = { GALLEY_OIDC_ISSUER: IDP, GALLEY_OIDC_CLIENT_ID: 'galley', GALLEY_OIDC_CLIENT_SECRET: SECRET, GALLEY_OIDC_NAME: 'Newsroom SSO', GALLEY_OIDC_ALLOWED_DOMAINS: 'galley.test,newsroom.test', GALLEY_OIDC_ROLE_CLAIM: 'groups', ...GROUPS }
  cluster = await startCluster({ ports: [3180, 3181], env: sso, instanceEnv: [{}, { GALLEY_PASSWORD_SIGNIN: 'off', GALLEY_OIDC_DEFAULT_ROLE: 'editor' }] })
  // People the newsroom's admin added to Galley beforehand.
  const admin = await ApiClient.as('admin@galley.test', PASSWORD, cluster.urls[0])
  for (const [email, role] of [
    ['sso.first@newsroom.test', 'reviewer'],
    ['sso.unverified@newsroom.test', 'editor'],
    ['sso.promoted@newsroom.test', 'editor'],
    ['sso.grouped@newsroom.test', 'editor'],
    ['sso.bare@newsroom.test', 'editor'],
  ]) {
    expect((await admin.post('/api/users', { email, name: email.split('@')[0], role })).status).toBe(201)
  }
})

test.afterAll(async () => {
  await cluster?.stop()
  idp?.kill()
})

/** Who signs in next; `groups` changes their groups at the provider from now on (null: no groups claim at all). */
async function nextAccount(accountId: string, change: { groups?: string[] | null } = {}) {
  const res = await fetch(`${IDP}/__test/next`, { method: 'POST', body: JSON.stringify({ accountId, ...change }) })
  expect(res.ok).toBe(true)
}

type RoleEvent = { actorId: string | null; action: string; before: { role?: string } | null; after: Record<string, unknown> | null }
/** The audit trail's role changes for one person, oldest first, read from the cluster's database. */
async function roleEvents(email: string): Promise<RoleEvent[]> {
  const sql = postgres(cluster.databaseUrl, { max: 1, onnotice: () => {} })
  try {
    return await sql<RoleEvent[]>`
      SELECT e."actorId", e.action, e.before, e.after FROM "AuditEvent" e JOIN "User" u ON e."entityId" = u.id::text
      WHERE u.email = ${email} AND e.action IN ('user.role', 'user.sso_role') ORDER BY e.id`
  } finally {
    await sql.end()
  }
}

async function ssoSignIn(browser: Browser, accountId: string, base = APP, change: { groups?: string[] | null } = {}): Promise<Page> {
  await nextAccount(accountId, change)
  const page = await (await browser.newContext({ baseURL: base })).newPage()
  await page.goto('/signin')
  await page.getByRole('button', { name: 'Sign in with Newsroom SSO' }).click()
  // Back from the provider: anywhere but the plain sign-in page this started on (waitForURL takes
  // the current URL when it matches, and the round trip may take more than an expect's 5 s on CI).
  await page.waitForURL((u) => u.origin === base && !u.pathname.startsWith('/api/') && !(u.pathname === '/signin' && u.search === ''))
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

test('the role follows the configured groups at every sign-in: up, and down to the default role when the person is in none (an empty or a missing claim); the open admin session and its token lose admin at once; each change audited', async ({ browser }) => {
  const email = 'sso.grouped@newsroom.test'
  const admin = await ssoSignIn(browser, 'grouped', APP, { groups: ['staff', ADMINS] })
  await expect(admin.getByTestId('current-user')).toContainText(email)
  await expect(admin.getByTestId('current-role')).toHaveText('admin')
  expect((await admin.request.get('/api/users')).status()).toBe(200)
  const created = await admin.request.post('/api/tokens', { data: { name: 'sso admin script' } })
  expect(created.status()).toBe(201)
  const token = (await created.json()).token as string
  const withToken = () => fetch(`${APP}/api/users`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)
  expect(await withToken()).toBe(200)

  // IT removes the person from every group; their next sign-in (another browser) demotes them.
  const later = await ssoSignIn(browser, 'grouped', APP, { groups: [] })
  await expect(later.getByTestId('current-role')).toHaveText('editor')
  // The admin session opened before, and the token made in it, are no longer admin's.
  expect((await admin.request.get('/api/users')).status()).toBe(403)
  expect(await withToken()).toBe(403)
  await admin.goto('/admin/users')
  await expect(admin.getByTestId('current-role')).toHaveText('editor')
  await expect(admin.getByText('Only admins manage users')).toBeVisible()

  // Back in the group, then a provider that sends no groups claim at all: demoted as well.
  const again = await ssoSignIn(browser, 'grouped', APP, { groups: ['desk-owners'] })
  await expect(again.getByTestId('current-role')).toHaveText('admin')
  const noClaim = await ssoSignIn(browser, 'grouped', APP, { groups: null })
  await expect(noClaim.getByTestId('current-role')).toHaveText('editor')
  expect((await again.request.get('/api/users')).status()).toBe(403)

  const events = await roleEvents(email)
  expect(events.map((e) => [e.action, e.actorId, e.before?.role, e.after?.role])).toEqual([
    ['user.sso_role', null, 'editor', 'admin'],
    ['user.sso_role', null, 'admin', 'editor'],
    ['user.sso_role', null, 'editor', 'admin'],
    ['user.sso_role', null, 'admin', 'editor'],
  ])
  expect(events.map((e) => [e.after?.groups, e.after?.claimPresent, e.after?.via])).toEqual([
    [[ADMINS], true, 'sso'],
    [[], true, 'sso'],
    [['desk-owners'], true, 'sso'],
    [[], false, 'sso'],
  ])
})

test('a password does not keep a role the groups took away: once linked to the provider, a person’s password sign-in is refused', async ({ browser }) => {
  const admin = await ApiClient.as('admin@galley.test', PASSWORD, cluster.urls[0])
  const own = 'a-password-of-their-own-1'
  expect((await admin.post('/api/users', { email: 'sso.keyholder@newsroom.test', name: 'Key Holder', role: 'admin', password: own })).status).toBe(201)
  // Not linked yet: the password is theirs to use.
  expect(await new ApiClient(APP).signIn('sso.keyholder@newsroom.test', own)).toBe(true)
  // Their first SSO sign-in links them, and the groups (desk-editors) make them an editor.
  const sso = await ssoSignIn(browser, 'keyholder')
  await expect(sso.getByTestId('current-role')).toHaveText('editor')
  // The admin role cannot come back through the password: refused, and said why.
  expect(await new ApiClient(APP).signIn('sso.keyholder@newsroom.test', own)).toBe(false)
  const page = await (await browser.newContext({ baseURL: APP })).newPage()
  await page.goto('/signin')
  await page.getByLabel('Email').fill('sso.keyholder@newsroom.test')
  await page.getByLabel('Password').fill(own)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByText('This account signs in with single sign-on here')).toBeVisible()
  await expect(page.getByTestId('current-user')).toHaveCount(0)
})

test('group names are matched only as configured: "admin", "reviewer", "galley-admin" from another system give no role', async ({ browser }) => {
  const page = await ssoSignIn(browser, 'bare')
  await expect(page.getByTestId('current-user')).toContainText('sso.bare@newsroom.test')
  await expect(page.getByTestId('current-role')).toHaveText('editor')
  expect((await page.request.get('/api/users')).status()).toBe(403)
  expect(await roleEvents('sso.bare@newsroom.test')).toEqual([])
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
  // Whatever the groups say: a deactivated person in the admin group stays out, and keeps their role.
  const grouped = (await admin.get('/api/users')).body.users.find((u: { email: string }) => u.email === 'sso.grouped@newsroom.test')
  expect((await admin.patch(`/api/users/${grouped.id}`, { active: false })).status).toBe(200)
  const before = await roleEvents('sso.grouped@newsroom.test')
  const out = await ssoSignIn(browser, 'grouped', APP, { groups: [ADMINS] })
  await expect(out.getByTestId('sso-error')).toContainText('deactivated')
  await expect(out.getByTestId('current-user')).toHaveCount(0)
  const after = (await admin.get('/api/users')).body.users.find((u: { email: string }) => u.email === 'sso.grouped@newsroom.test')
  expect([after.role, after.active]).toEqual([grouped.role, false])
  expect(await roleEvents('sso.grouped@newsroom.test')).toEqual(before)
})

import os from 'node:os'
import type { ChildProcess } from 'node:child_process'
import type { Browser } from '@playwright/test'
import { startNextServer, stopServer, waitForHealth } from '@/lib/server/test-env'
import { ApiClient } from '@/lib/testing/api-client'
import { expect, PASSWORD, signIn, test } from './fixtures'

/** The second test instance runs as a demo server (GALLEY_DEMO=1); the first has a database of its own and no demo. */
const DEMO = process.env.GALLEY_TEST_SECOND_URL ?? 'http://127.0.0.1:3101'

test('a newcomer on a demo server signs in with one click, and a newsroom server offers no demo accounts', async ({ browser, page }) => {
  const demo = await (await browser.newContext({ baseURL: DEMO })).newPage()
  await demo.goto('/signin')
  const accounts = demo.getByTestId('demo-accounts')
  await expect(accounts.getByRole('listitem')).toHaveCount(3)
  await expect(accounts).toContainText('reviewer@galley.test')
  // The password is not in the page: the server signs the demo account in.
  expect(await demo.content()).not.toContain('galley-demo')
  await accounts.getByRole('button', { name: 'Continue as reviewer' }).click()
  await expect(demo.getByTestId('current-user')).toContainText('reviewer@galley.test', { timeout: 20_000 })
  await expect(demo.getByTestId('current-role')).toHaveText('reviewer')

  await page.goto('/signin')
  await expect(page.getByLabel('Email')).toBeVisible()
  await expect(page.getByTestId('demo-accounts')).toHaveCount(0)
})

test('the demo article opens with a guide to the keys that stays dismissed; titles say where you are; a missing page is a Galley 404', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const list = (await (await page.request.get('/api/articles')).json()).articles as Array<{ id: string; title: string }>
  const demoArticle = list.find((a) => a.title === 'Huawei in early talks with U.S. firms on 5G licensing')!
  await page.goto(`/articles/${demoArticle.id}`)
  await expect(page).toHaveTitle('Huawei in early talks with U.S. firms on 5G licensing · Galley')
  const guide = page.getByTestId('first-run-guide')
  await expect(guide).toContainText('C claim')
  await expect(guide).toContainText('attach the wire original')
  await guide.getByRole('button', { name: 'Got it, hide this' }).click()
  await expect(guide).toHaveCount(0)
  await page.reload()
  await expect(page.getByTestId('article-text')).toBeVisible()
  await expect(guide).toHaveCount(0)

  await page.goto('/review')
  await expect(page).toHaveTitle('Review queue · Galley')
  await page.goto('/search')
  await expect(page).toHaveTitle('Search · Galley')
  await page.goto('/articles/00000000-0000-4000-8000-000000000000')
  await expect(page.getByTestId('not-found')).toContainText('This page is not on the desk')
  await expect(page).toHaveTitle('Not found · Galley')
  // A favicon of its own.
  const icon = await page.request.get('/icon.svg')
  expect(icon.status()).toBe(200)
  expect(icon.headers()['content-type']).toContain('image/svg+xml')
  await expect(page.locator('link[rel="icon"]')).toHaveCount(1)
})

/**
 * This machine's own address on its network (eth0's, say). A request from here to that address
 * leaves from it too, so the server sees a source that is not loopback, exactly as it would see
 * another machine on the network: nothing is simulated or trusted from a header.
 */
function networkAddress(): string | null {
  for (const addresses of Object.values(os.networkInterfaces())) for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  return null
}

test.describe('a zero-configuration desk offers demo sign-in to this machine only', () => {
  // In order on one worker (one server on PORT); a failure does not skip the others.
  test.describe.configure({ mode: 'default' })
  // What `npm start` without DATABASE_URL gives Next.js: the embedded demo database, GALLEY_DEMO unset;
  // listening on every interface, as `npm start` does.
  const PORT = 3190
  const LOCAL = `http://127.0.0.1:${PORT}`
  const ip = networkAddress()
  const REMOTE = `http://${ip}:${PORT}`
  let server: ChildProcess | undefined

  test.beforeAll(async () => {
    test.skip(!ip, 'this machine has no network address besides loopback')
    test.setTimeout(120_000)
    const env = { ...process.env, PORT: String(PORT), GALLEY_EMBEDDED_DB: '1', GALLEY_DEMO: '', GALLEY_PUBLIC_CORRECTIONS: '', GALLEY_IMPORT_ALLOW_HOSTS: '' }
    server = startNextServer({ port: PORT, env, hostname: '0.0.0.0' })
    await waitForHealth(LOCAL, server)
  })
  test.afterAll(async () => {
    await stopServer(server)
  })

  async function signInPage(browser: Browser, base: string, options: { width?: number; headers?: Record<string, string> } = {}) {
    const context = await browser.newContext({ baseURL: base, extraHTTPHeaders: options.headers, ...(options.width ? { viewport: { width: options.width, height: 800 } } : {}) })
    const page = await context.newPage()
    await page.goto('/signin')
    await expect(page.getByLabel('Email')).toBeVisible()
    return page
  }

  test('from this machine: the demo accounts, one click signs in, at 390 px too', async ({ browser }) => {
    for (const width of [1280, 390]) {
      const page = await signInPage(browser, LOCAL, { width })
      await expect(page.getByTestId('demo-accounts').getByRole('listitem')).toHaveCount(3)
      await expect(page.getByTestId('demo-accounts')).toContainText('Offered on this machine only (localhost)')
      await expect(page.getByRole('button', { name: 'Continue as admin' })).toBeInViewport()
    }
    const page = await signInPage(browser, LOCAL)
    await page.getByRole('button', { name: 'Continue as editor' }).click()
    await expect(page.getByTestId('current-role')).toHaveText('editor', { timeout: 20_000 })
  })

  test('from another address: no demo accounts, even when the request claims to be forwarded for 127.0.0.1', async ({ browser }) => {
    const forged = { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1', forwarded: 'for=127.0.0.1', 'x-galley-peer': '127.0.0.1' }
    for (const options of [{}, { width: 390 }, { headers: forged }]) {
      const page = await signInPage(browser, REMOTE, options)
      await expect(page.getByTestId('demo-accounts')).toHaveCount(0)
      await expect(page.getByRole('button', { name: /Continue as/ })).toHaveCount(0)
    }
    // A reverse proxy on this machine connects over loopback: it names the visitor, who is not local.
    const proxied = await signInPage(browser, LOCAL, { headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.7' } })
    await expect(proxied.getByTestId('demo-accounts')).toHaveCount(0)
  })

  test('the server refuses the demo action from another address, whatever the page showed', async ({ browser }) => {
    // The "Continue as admin" form as this machine gets it (its fields name the server action),
    // sent as the browser would without JavaScript: once from here, once from the network address.
    const local = await signInPage(browser, LOCAL)
    const form = local.locator('form', { has: local.getByRole('button', { name: 'Continue as admin' }) })
    const fields = await form.evaluate((f) => [...new FormData(f as HTMLFormElement)].map(([k, v]) => [k, String(v)] as [string, string]))
    expect(fields.map(([k]) => k)).toContain('email')
    const send = async (base: string, headers: Record<string, string> = {}) => {
      const body = new FormData()
      for (const [k, v] of fields) body.append(k, v)
      const res = await fetch(`${base}/signin`, { method: 'POST', body, headers: { origin: base, ...headers }, redirect: 'manual' })
      return { status: res.status, session: res.headers.getSetCookie().some((c) => c.startsWith('authjs.session-token=')), html: await res.text() }
    }
    const remote = await send(REMOTE, { 'x-forwarded-for': '127.0.0.1' })
    expect(remote.session).toBe(false)
    expect(remote.html).toContain('Demo sign-in is not available here.')
    // The same request from this machine signs in: it was the address that was refused.
    const here = await send(LOCAL)
    expect([here.status, here.session]).toEqual([303, true])
  })

  test("from another address the demo accounts' published password is refused too, with a message saying why", async ({ browser }) => {
    expect(await new ApiClient(REMOTE).signIn('admin@galley.test', PASSWORD)).toBe(false)
    expect(await new ApiClient(LOCAL).signIn('admin@galley.test', PASSWORD)).toBe(true)
    const page = await signInPage(browser, REMOTE, { width: 390 })
    await page.getByLabel('Email').fill('admin@galley.test')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(page.getByTestId('sign-in-error')).toContainText("The demo accounts' published password works only on the machine Galley runs on")
    await expect(page.getByTestId('current-user')).toHaveCount(0)
  })
})

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, importArticle, signIn, test } from './fixtures'

test('an admin registers a webhook, sees its secret once, and sees the delivery with its attempt', async ({ page }) => {
  const received: string[] = []
  const server = http.createServer((req, res) => {
    req.resume()
    received.push(String(req.headers['x-galley-event']))
    res.writeHead(204).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cms`
  try {
    await signIn(page, 'admin@galley.test')
    await page.getByRole('link', { name: 'Webhooks' }).click()
    await expect(page).toHaveURL(/\/admin\/webhooks$/)
    await page.getByLabel('URL').fill(url)
    await page.getByRole('button', { name: 'Add webhook' }).click()
    await expect(page.getByTestId('webhook-secret')).toContainText('whsec_')
    const hook = page.getByTestId('webhook').filter({ hasText: url })
    await expect(hook).toContainText('article.published, article.corrected')

    const id = await importArticle(page, `Webhook e2e ${Date.now()}`, 'Vincent Pain spoke on Friday.')
    expect((await page.request.patch(`/api/articles/${id}`, { data: { status: 'published' } })).status()).toBe(200)
    await expect.poll(() => received.includes('article.published'), { timeout: 10_000 }).toBe(true)
    await hook.getByRole('button', { name: 'Deliveries' }).click()
    const delivery = hook.getByTestId('delivery').filter({ hasText: 'article.published' }).first()
    await expect(delivery).toContainText('delivered')
    await expect(delivery).toContainText('204 in')
    // Reload: the secret is not shown again.
    await page.reload()
    await expect(page.getByTestId('webhook-secret')).toHaveCount(0)
    await page.getByTestId('webhook').filter({ hasText: url }).getByRole('button', { name: 'Delete' }).click({ trial: true })
    await page.getByTestId('webhook').filter({ hasText: url }).getByRole('button', { name: 'Delete' }).click()
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete webhook' }).click()
    await expect(page.getByTestId('webhook').filter({ hasText: url })).toHaveCount(0)
  } finally {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

/** The second app instance `npm test` starts (port + 1): no GALLEY_WEBHOOKS_ALLOW_PRIVATE there. */
const SECOND = process.env.GALLEY_TEST_SECOND_URL ?? 'http://127.0.0.1:3101'

test('on a phone, an admin is told why a URL inside the network is refused, and sees failed attempts as categories', async ({ browser }) => {
  // Where receivers on this machine are not opted into, the form says so and keeps nothing.
  const phone = await browser.newContext({ baseURL: SECOND, viewport: { width: 390, height: 844 } })
  const page = await phone.newPage()
  await signIn(page, 'admin@galley.test')
  await page.goto('/admin/webhooks')
  await page.getByLabel('URL').fill('http://127.0.0.1:9/cms')
  await page.getByRole('button', { name: 'Add webhook' }).click()
  await expect(page.getByTestId('webhook-message')).toContainText('127.0.0.1 is an internal address')
  await expect(page.getByTestId('webhook-message')).toContainText('GALLEY_WEBHOOKS_ALLOW_PRIVATE=1')
  await expect(page.getByTestId('webhook').filter({ hasText: '127.0.0.1:9/cms' })).toHaveCount(0)
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0)
  await page.getByLabel('URL').fill('http://169.254.169.254/latest/meta-data')
  await page.getByRole('button', { name: 'Add webhook' }).click()
  await expect(page.getByTestId('webhook-message')).toContainText('cloud-metadata')
  await page.reload()
  await expect(page.getByTestId('webhook').filter({ hasText: /127\.0\.0\.1:9\/cms|169\.254/ })).toHaveCount(0)
  await phone.close()

  // Where they are (the first instance), a receiver that fails and a port nobody listens on.
  const fails = http.createServer((req, res) => (req.resume(), res.writeHead(500).end('a stack trace')))
  const gone = http.createServer()
  const listen = (s: http.Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)))
  const failsUrl = `http://127.0.0.1:${await listen(fails)}/cms`
  const goneUrl = `http://127.0.0.1:${await listen(gone)}/cms`
  await new Promise<void>((resolve) => gone.close(() => resolve()))
  const desk = await browser.newContext({ viewport: { width: 390, height: 844 } })
  const admin = await desk.newPage()
  try {
    await signIn(admin, 'admin@galley.test')
    await admin.goto('/admin/webhooks')
    for (const url of [failsUrl, goneUrl]) {
      await admin.getByLabel('URL').fill(url)
      await admin.getByRole('button', { name: 'Add webhook' }).click()
      await expect(admin.getByTestId('webhook').filter({ hasText: url })).toHaveCount(1)
    }
    const id = await importArticle(admin, `Webhook failures ${Date.now()}`, 'Vincent Pain spoke on Friday.')
    expect((await admin.request.patch(`/api/articles/${id}`, { data: { status: 'published' } })).status()).toBe(200)
    for (const [url, category] of [[failsUrl, 'HTTP 500 in'], [goneUrl, 'refused in']]) {
      const hook = admin.getByTestId('webhook').filter({ hasText: url })
      // Reopen the list until the attempt is in (the worker sends within a second or two).
      await expect(async () => {
        if ((await hook.getByRole('button', { name: 'Hide deliveries', exact: true }).count()) > 0) await hook.getByRole('button', { name: 'Hide deliveries', exact: true }).click()
        await hook.getByRole('button', { name: 'Deliveries', exact: true }).click()
        await expect(hook.getByTestId('delivery').first()).toContainText(category, { timeout: 1_000 })
      }).toPass({ timeout: 20_000 })
      await expect(hook.getByTestId('deliveries')).not.toContainText(/ECONN|fetch failed|stack trace/)
    }
    // The form, its event choices and the deliveries fit the phone (the table scrolls in its own box).
    for (const part of [admin.locator('form').filter({ has: admin.getByLabel('URL') }), admin.getByLabel('annotation.reviewed'), admin.getByTestId('webhook-list'), admin.getByTestId('deliveries').first().locator('..')]) {
      const box = (await part.boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(390)
    }
    for (const url of [failsUrl, goneUrl]) {
      await admin.getByTestId('webhook').filter({ hasText: url }).getByRole('button', { name: 'Delete' }).click()
      await admin.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete webhook' }).click()
      await expect(admin.getByTestId('webhook').filter({ hasText: url })).toHaveCount(0)
    }
  } finally {
    await desk.close()
    fails.closeAllConnections()
    await new Promise<void>((resolve) => fails.close(() => resolve()))
  }
})

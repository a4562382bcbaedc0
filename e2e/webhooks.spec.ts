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

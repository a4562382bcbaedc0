import { expect, signIn, test } from './fixtures'

const XSS = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=1;alert(1)</script>'

test('HTML and script payloads in titles, text, notes and comments render as inert text', async ({ page }) => {
  let dialogs = 0
  page.on('dialog', async (d) => {
    dialogs++
    await d.dismiss()
  })
  await signIn(page, 'editor@galley.test')
  const body = `Intro ${XSS} end.\n\nSecond paragraph.`
  const title = `XSS ${Date.now()} ${XSS}`
  const created = await page.request.post('/api/articles', { data: { title, body } })
  expect(created.status()).toBe(201)
  const { id } = await created.json()
  const start = [...body.slice(0, body.indexOf('<img'))].length
  const ann = await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', start, end: start + [...XSS].length, exact: XSS, correction: `${XSS}!`, category: 'other', note: XSS } })
  expect(ann.status()).toBe(201)
  const annotation = await ann.json()
  expect((await page.request.post(`/api/annotations/${annotation.id}/comments`, { data: { body: XSS } })).status()).toBe(201)

  await page.goto('/articles')
  await expect(page.getByRole('link', { name: title })).toBeVisible()
  await page.goto(`/articles/${id}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
  await expect(page.getByTestId('article-text')).toContainText(XSS)
  await page.getByTestId('sidebar-item').first().click()
  await expect(page.getByTestId('annotation-details')).toContainText(XSS)
  await expect(page.getByTestId('comment').first()).toContainText(XSS)
  await page.goto(`/review?article=${id}`)
  await expect(page.getByTestId('queue-item').filter({ hasText: title })).toContainText(XSS)
  await page.goto(`/articles/${id}/history`)
  await expect(page.getByTestId('history')).toContainText('<img src=x')

  expect(dialogs).toBe(0)
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
  expect(await page.locator('img[src="x"]').count()).toBe(0)
})

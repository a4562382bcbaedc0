import { expect, PASSWORD, signIn, test } from './fixtures'

test('a saved page too big to read: the editor is told why, and a colleague’s desk answers meanwhile', async ({ page, context }) => {
  test.setTimeout(90_000)
  // The heavy page is uploaded by an editor of its own: the reading pool serves one person on at most
  // one thread of two, so a 10 s read by the shared demo editor would make every other spec's
  // import as that editor wait behind it.
  await signIn(page, 'admin@galley.test')
  const email = `long-page-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@galley.test`
  expect((await page.request.post('/api/users', { data: { email, name: 'Long Page Editor', role: 'editor', password: PASSWORD } })).status()).toBe(201)
  await context.clearCookies()
  await signIn(page, email)
  await page.goto('/articles/new')
  const paragraph = '<div class="story-block"><p>The council said the new bridge would open next spring, after years of delays and a budget that doubled. <a href="/x">More</a></p></div>\n'
  const html = `<html><head><title>Very long page</title></head><body><article>${paragraph.repeat(Math.floor(4_900_000 / paragraph.length))}</article></body></html>`
  await page.getByLabel('Upload a .txt or .md file, or a saved .html page').setInputFiles({ name: 'long-page.html', mimeType: 'text/html', buffer: Buffer.from(html) })
  // While the server reads it, another tab of the desk opens and lists the articles.
  const other = await context.newPage()
  await other.goto('/articles')
  await expect(other.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByTestId('import-error')).toBeHidden()
  // Read within its 10 s (the article opens) or not (the editor is told why, and stays on the form).
  await expect(page.getByTestId('import-error').or(page.getByTestId('article-text'))).toBeVisible({ timeout: 60_000 })
  if (await page.getByTestId('import-error').isVisible()) {
    await expect(page.getByTestId('import-error')).toContainText('takes longer than 10 s to read; nothing was imported')
    await expect(page).toHaveURL(/\/articles\/new$/)
  } else {
    await expect(page).toHaveURL(/\/articles\/[0-9a-f-]{36}$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Very long page')
  }
})

test('a long history is read a page at a time, and Back returns to the page before', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const created = await page.request.post('/api/articles', { data: { title: `Long history ${Date.now()}`, body: 'Vincent Pain spoke on Friday.' } })
  const { id } = await created.json()
  const retitle = async (i: number) => expect((await page.request.patch(`/api/articles/${id}`, { data: { title: `Long history title ${i}` } })).status()).toBe(200)
  // Ten at a time (their order among themselves does not matter), the last five one after another.
  for (let i = 1; i <= 200; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => retitle(i + k)))
  for (let i = 201; i <= 205; i++) await retitle(i)
  await page.goto(`/articles/${id}/history`)
  const lines = page.getByTestId('history').getByRole('listitem')
  await expect(lines).toHaveCount(200)
  await expect(lines.first()).toContainText('imported the article')
  await page.getByRole('link', { name: 'Later events →' }).click()
  await expect(lines).toHaveCount(6)
  await expect(lines.last()).toContainText('“Long history title 204” → “Long history title 205”')
  await expect(page.getByRole('link', { name: 'Later events →' })).toHaveCount(0)
  await page.goBack()
  await expect(lines).toHaveCount(200)
  await expect(lines.first()).toContainText('imported the article')
})

import { expect, test, signIn, importArticle, PASSWORD } from './fixtures'

const at = (text: string, needle: string) => {
  const start = [...text.slice(0, text.indexOf(needle))].length
  return { start, end: start + [...needle].length, exact: needle }
}

test('a crafted callback URL never sends a signed-in user to another site', async ({ page, baseURL }) => {
  for (const callbackUrl of ['/%5Cevil.test/x', '/%09/evil.test/x', '/%0D%0ASet-Cookie:%20a=b']) {
    await page.context().clearCookies()
    const res = await page.goto(`/signin?callbackUrl=${callbackUrl}`)
    expect(res?.status()).toBe(200)
    await page.getByLabel('Email').fill('editor@galley.test')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByTestId('current-user')).toContainText('editor@galley.test')
    expect(new URL(page.url()).host, callbackUrl).toBe(new URL(baseURL!).host)
  }
})

test('a wire update under an approved fix sends it back to the reviewer with the old and the new words', async ({ page, browser }) => {
  await signIn(page, 'editor@galley.test')
  const v1 = 'Sales grew 5 percent in the third quarter, the company said.'
  const id = await importArticle(page, `Changed under approval ${Date.now()}`, v1)
  const fix = await (await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', ...at(v1, '5 percent'), correction: '6 percent', category: 'fact' } })).json()

  const reviewerContext = await browser.newContext()
  const reviewer = await reviewerContext.newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  expect((await reviewer.request.post(`/api/annotations/${fix.id}/review`, { data: { decision: 'approve' } })).status()).toBe(200)

  expect((await page.request.put(`/api/articles/${id}/body`, { data: { body: v1.replace('5 percent', '6.4 percent'), baseRevision: 1, reason: 'wire update re-imported' } })).status()).toBe(200)
  await page.goto(`/articles/${id}`)
  await expect(page.getByTestId('sidebar-text-changed')).toContainText('Text changed since approval (was “5 percent”): needs review.')
  await expect(page.getByRole('button', { name: /Publish approved fixes \(0\)/ })).toBeDisabled()

  await reviewer.goto(`/review?article=${id}`)
  const item = reviewer.getByTestId('queue-item')
  await expect(item.getByTestId('text-changed')).toContainText('Text changed since approval: needs review.')
  await expect(item.getByTestId('text-changed')).toContainText('It was for “5 percent”; the text of revision 2 now says “6.4 percent”.')
  await expect(reviewer.getByTestId('queue-count')).toContainText('Showing 1–1 of 1 open fix.')
  await reviewerContext.close()
})

test('an archived article is read-only on its page; an admin deletes one and restores it', async ({ page }) => {
  await signIn(page, 'admin@galley.test')
  const title = `Archive and delete ${Date.now()}`
  const id = await importArticle(page, title, 'Vincent Pain spoke on Friday.')
  expect((await page.request.patch(`/api/articles/${id}`, { data: { status: 'archived' } })).status()).toBe(200)
  await page.goto(`/articles/${id}`)
  await expect(page.getByTestId('archived-notice')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Edit text' })).toHaveCount(0)

  await page.getByRole('button', { name: 'Delete article' }).click()
  // Galley's own dialog: the safe button has the focus; the page behind it is inert.
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog).toContainText('It disappears from lists and exports')
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await dialog.getByRole('button', { name: 'Delete article' }).click()
  await expect(page).toHaveURL(/\/articles$/)
  await expect(page.getByRole('link', { name: title })).toHaveCount(0)
  await page.getByRole('link', { name: 'Deleted articles' }).click()
  const row = page.getByRole('listitem').filter({ hasText: title })
  await row.getByRole('button', { name: 'Restore' }).click()
  await expect(page.getByRole('listitem').filter({ hasText: title })).toHaveCount(0)
  await page.goto('/articles')
  await expect(page.getByRole('link', { name: title })).toBeVisible()
})

test('a stranger hammering an account cannot lock its owner out of a browser they signed in with before', async ({ page, playwright, baseURL }) => {
  await signIn(page, 'admin@galley.test')
  const email = `owner-${Date.now()}@galley.test`
  expect((await page.request.post('/api/users', { data: { email, name: 'Owner', role: 'editor', password: 'the-right-password' } })).status()).toBe(201)
  await page.getByRole('button', { name: 'Sign out' }).click()
  // The owner signs in once in this browser, then out.
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('the-right-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('current-user')).toContainText(email)
  await page.getByRole('button', { name: 'Sign out' }).click()

  // A stranger, from many addresses, exhausts the account and then keeps taking its slow-path slot.
  const stranger = await playwright.request.newContext({ baseURL })
  const guess = async (source: string) => {
    const { csrfToken } = await (await stranger.get('/api/auth/csrf')).json()
    const res = await stranger.post('/api/auth/callback/credentials', { form: { csrfToken, email, password: 'guess' }, headers: { 'x-forwarded-for': source }, maxRedirects: 0 })
    return res.headers().location ?? ''
  }
  for (let i = 0; i < 11; i++) await guess(`198.51.100.${i + 1}`)
  expect(await guess('198.51.100.200')).toContain('code=throttled')

  // The owner, in the browser they used before, still gets in at once.
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('the-right-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('current-user')).toContainText(email)
  await stranger.dispose()
})

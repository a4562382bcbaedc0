import { expect, importArticle, signIn, test } from './fixtures'

test('a reader, signed out, sees the corrections page and its feed link', async ({ browser, page }) => {
  // An editor publishes a fix on a published story.
  const desk = await (await browser.newContext()).newPage()
  await signIn(desk, 'editor@galley.test')
  const title = `Public corrections ${Date.now()}`
  const id = await importArticle(desk, title, 'Vincent Pain spoke on Friday.')
  const fix = await (await desk.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', start: 8, end: 12, exact: 'Pain', correction: 'Pang', category: 'name' } })).json()
  const reviewer = await (await browser.newContext()).newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  expect((await reviewer.request.post(`/api/annotations/${fix.id}/review`, { data: { decision: 'approve', version: fix.version } })).status()).toBe(200)
  expect((await desk.request.post(`/api/articles/${id}/publish`, { data: { baseRevision: 1 } })).status()).toBe(200)
  expect((await desk.request.patch(`/api/articles/${id}`, { data: { status: 'published' } })).status()).toBe(200)

  await page.goto('/corrections')
  await expect(page).toHaveURL(/\/corrections$/) // no sign-in asked
  const entry = page.getByTestId('public-correction').filter({ hasText: title })
  await expect(entry).toContainText('An earlier version of this article misspelled the name of Vincent Pang.')
  await expect(page.getByRole('link', { name: 'Atom' })).toHaveAttribute('href', '/corrections.atom')
})

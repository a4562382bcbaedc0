import { expect, signIn, test } from './fixtures'

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

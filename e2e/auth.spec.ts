import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

const PASSWORD = process.env.DEMO_PASSWORD ?? 'galley-demo'

for (const [email, role] of [
  ['editor@galley.test', 'editor'],
  ['reviewer@galley.test', 'reviewer'],
  ['admin@galley.test', 'admin'],
] as const) {
  test(`${role} signs in and sees their role and the demo article`, async ({ page }) => {
    await page.goto('/')
    await expect(page).toHaveURL(/\/signin/)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL(/\/articles$/)
    await expect(page.getByTestId('current-role')).toHaveText(role)
    await expect(page.getByTestId('current-user')).toContainText(email)
    await expect(page.getByTestId('article-list')).toContainText('Huawei in early talks with U.S. firms on 5G licensing')
  })
}

test('a wrong password shows a clear message and keeps the user signed out', async ({ page }) => {
  await page.goto('/signin')
  await page.getByLabel('Email').fill('editor@galley.test')
  await page.getByLabel('Password').fill('wrong-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong email or password, or the account is deactivated.')
  await expect(page.getByLabel('Email')).toHaveValue('editor@galley.test')
  await page.goto('/articles')
  await expect(page).toHaveURL(/\/signin/)
})

test('sign-out ends the session', async ({ page }) => {
  await page.goto('/signin')
  await page.getByLabel('Email').fill('reviewer@galley.test')
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('current-role')).toHaveText('reviewer')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/signin/)
  await page.goto('/articles')
  await expect(page).toHaveURL(/\/signin/)
  expect((await page.request.get('/api/articles')).status()).toBe(401)
})

test('after five wrong passwords the sign-in page says to wait, even for the right one', async ({ page }) => {
  // An account of its own, so other tests' sign-ins are not throttled.
  await page.goto('/signin')
  await page.getByLabel('Email').fill('admin@galley.test')
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('current-role')).toHaveText('admin')
  const email = `throttle-${Date.now()}@galley.test`
  const created = await page.request.post('/api/users', { data: { email, name: 'Throttle', role: 'editor', password: 'the-right-password' } })
  expect(created.status()).toBe(201)
  await page.getByRole('button', { name: 'Sign out' }).click()
  // Five failures, one after another (through the same Auth.js endpoint the form uses).
  for (let i = 0; i < 5; i++) {
    const { csrfToken } = await (await page.request.get('/api/auth/csrf')).json()
    const res = await page.request.post('/api/auth/callback/credentials', { form: { csrfToken, email, password: 'wrong-password' }, maxRedirects: 0 })
    expect(res.headers()['location']).toContain('error=CredentialsSignin')
  }
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('the-right-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('sign-in-error')).toHaveText(/^Too many failed sign-ins for this account\. Try again in 1[0-5]? minutes?\.$/)
})

test('a stranger’s guesses from many addresses never lock the owner out of a browser they signed in with before', async ({ page, browser }) => {
  const signInWith = async (p: Page, email: string, password: string) => {
    await p.goto('/signin')
    await p.getByLabel('Email').fill(email)
    await p.getByLabel('Password').fill(password)
    await p.getByRole('button', { name: 'Sign in' }).click()
  }
  // An account of its own, so other tests' sign-ins are not throttled.
  await signInWith(page, 'admin@galley.test', PASSWORD)
  await expect(page.getByTestId('current-role')).toHaveText('admin')
  const email = `device-${Date.now()}@galley.test`
  expect((await page.request.post('/api/users', { data: { email, name: 'Device owner', role: 'editor', password: 'the-owners-password' } })).status()).toBe(201)
  await page.getByRole('button', { name: 'Sign out' }).click()
  // The owner signs in with this browser, which keeps a device cookie, and signs out again.
  await signInWith(page, email, 'the-owners-password')
  await expect(page.getByTestId('current-user')).toContainText(email)
  expect((await page.context().cookies()).find((c) => c.name === 'galley-device')).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/signin/)

  // A stranger guesses from eleven addresses: ten failures put the account on the slow path, the
  // eleventh takes its one attempt per 30 seconds.
  const stranger = (await browser.newContext()).request
  for (let i = 1; i <= 11; i++) {
    const { csrfToken } = await (await stranger.get('/api/auth/csrf')).json()
    const res = await stranger.post('/api/auth/callback/credentials', { form: { csrfToken, email, password: `guess-${i}` }, headers: { 'x-forwarded-for': `198.51.100.${i}` }, maxRedirects: 0 })
    expect(res.headers()['location'], `guess ${i} is checked`).toContain('error=CredentialsSignin')
  }
  // A browser the owner never used is made to wait, even with the right password...
  const elsewhere = await (await browser.newContext()).newPage()
  await signInWith(elsewhere, email, 'the-owners-password')
  await expect(elsewhere.getByTestId('sign-in-error')).toHaveText(/^Too many failed sign-ins for this account\. Try again in \d+ seconds?\.$/)
  // ...but the owner's own browser is not held to the account-wide limit.
  await signInWith(page, email, 'the-owners-password')
  await expect(page.getByTestId('current-user')).toContainText(email)
})

import { expect, test } from '@playwright/test'

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

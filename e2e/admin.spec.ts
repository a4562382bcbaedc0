import { expect, signIn, test } from './fixtures'

test('an admin adds a user, changes their role and deactivates them; the user’s session stops at once', async ({ browser }) => {
  const adminContext = await browser.newContext()
  const admin = await adminContext.newPage()
  await signIn(admin, 'admin@galley.test')
  await admin.getByRole('link', { name: 'Users' }).click()
  const email = `sub-${Date.now()}@galley.test`
  await admin.getByLabel('Email').fill(email)
  await admin.getByLabel('Name').fill('Sub Editor')
  await admin.getByLabel('New user’s role').selectOption('editor')
  await admin.getByRole('button', { name: 'Add user' }).click()
  const message = admin.getByTestId('admin-message')
  await expect(message).toContainText(`Added ${email}. Their password, shown once:`)
  const password = (await message.textContent())!.split('shown once: ')[1].trim()

  const userContext = await browser.newContext()
  const user = await userContext.newPage()
  await user.goto('/signin')
  await user.getByLabel('Email').fill(email)
  await user.getByLabel('Password').fill(password)
  await user.getByRole('button', { name: 'Sign in' }).click()
  await expect(user.getByTestId('current-role')).toHaveText('editor')

  const row = admin.locator(`tr[data-email="${email}"]`)
  await row.getByLabel(`Role of ${email}`).selectOption('reviewer')
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue('reviewer')
  await user.reload()
  await expect(user.getByTestId('current-role')).toHaveText('reviewer') // applies at once

  await row.getByRole('button', { name: 'Deactivate' }).click()
  await expect(row).toContainText('deactivated')
  await user.goto('/articles')
  await expect(user).toHaveURL(/\/signin/)
  expect((await user.request.get('/api/articles')).status()).toBe(401)
  await adminContext.close()
  await userContext.close()
})

test('a user changes their password and creates an API token on the account page', async ({ page }) => {
  await signIn(page, 'reviewer@galley.test')
  await page.getByRole('link', { name: 'Account' }).click()
  await page.getByLabel('Token name').fill('CMS bridge')
  await page.getByRole('button', { name: 'Create token' }).click()
  const token = (await page.getByTestId('new-token').textContent())!.split(' ')[0]
  expect(token).toMatch(/^gly_/)
  const res = await page.request.get('/api/articles', { headers: { authorization: `Bearer ${token}` } })
  expect(res.status()).toBe(200)
  await page.reload()
  await expect(page.getByTestId('token-list')).toContainText('CMS bridge')
  await expect(page.getByTestId('token-list')).toContainText('last used')
  await page.getByLabel('Current password').fill('wrong')
  await page.getByLabel(/New password/).fill('another-long-password')
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByTestId('account-message')).toHaveText('The current password is wrong.')
})

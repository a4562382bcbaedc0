import { EXPECTS_CSP_VIOLATION, clickOn, expect, importArticle, signIn, test } from './fixtures'

// README promises about the desk that other specs do not reach.

test('an editor imports a Markdown file: the title comes from its heading and the text is stored as given', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  await page.goto('/articles/new')
  await page.getByLabel('Upload a .txt or .md file').setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF') })
  await expect(page.getByTestId('import-error')).toHaveText('Choose a .txt, .md or .html file.')
  const file = `# Wire update ${Date.now()}\n\nFirst paragraph, “quoted”.\r\n\r\nSecond paragraph 🚀 華為.\n`
  await page.getByLabel('Upload a .txt or .md file').setInputFiles({ name: 'wire.md', mimeType: 'text/markdown', buffer: Buffer.from(file) })
  await expect(page.getByLabel('Title')).toHaveValue(/^Wire update \d+$/)
  await expect(page.getByTestId('import-error')).toHaveCount(0)
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page).toHaveURL(/\/articles\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('article-text')).toContainText('Second paragraph 🚀 華為.')
  const id = page.url().split('/').pop()
  const stored = await (await page.request.get(`/api/articles/${id}`)).json()
  expect(stored.body).toBe(file.replace(/\r\n/g, '\n')) // the browser's textarea normalises line ends
})

test('keyboard selection (Shift+arrows) and S for the sentence under the pointer both offer the toolbar', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  await page.goto(`/articles/${await importArticle(page, `Keyboard test ${Date.now()}`)}`)
  await clickOn(page, 'Pain')
  // The click puts the caret inside "Pain"; go to its start, then extend over the word.
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft')
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight')
  await expect(page.getByTestId('selection-toolbar')).toBeVisible()
  await page.keyboard.press('e')
  await expect(page.getByTestId('form-exact')).toHaveText('Pain')
  await page.keyboard.press('Escape')

  // Sentence mode is off: a click only puts the caret there, and S selects the sentence under it.
  await clickOn(page, 'consistently denied')
  await expect(page.getByTestId('selection-toolbar')).toHaveCount(0)
  await page.keyboard.press('s')
  await page.keyboard.press('c')
  await expect(page.getByTestId('form-exact')).toHaveText('Huawei has consistently denied the insurance claim.')
})

test('the page policy refuses an injected inline handler, and the spec guard notices', async ({ page }) => {
  test.info().annotations.push({ type: EXPECTS_CSP_VIOLATION, description: 'an inline onerror handler injected into the sign-in page' })
  await page.goto('/signin')
  const violation = page.evaluate(() => new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true })))
  await page.evaluate(() => {
    const holder = document.createElement('div')
    holder.innerHTML = '<img src="/no-such-image.png" onerror="window.__pwned = 1">'
    document.body.append(holder)
  })
  expect(await violation).toMatch(/^script-src/)
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
})

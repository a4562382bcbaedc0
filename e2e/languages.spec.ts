import { dragOver, expect, importArticle, signIn, test } from './fixtures'

const ARABIC = 'قال نائب رئيس الشركة يوم الجمعة إن المحادثات مع الشركات الأمريكية لا تزال في مرحلة مبكرة.\n\nوأضاف أن الترخيص لم يتم بعد.'

test('an Arabic article runs right to left, and a word selected in it is marked on those very words', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Arabic story ${Date.now()}`, ARABIC)
  await page.goto(`/articles/${id}`)
  const text = page.getByTestId('article-text')
  await expect(text).toHaveAttribute('dir', 'rtl')
  await expect(text).toHaveAttribute('lang', 'ar')
  await expect(page.getByTestId('article-language')).toContainText('Arabic (ar)')
  await dragOver(page, 'المحادثات')
  await expect(page.getByTestId('selection-toolbar')).toBeVisible()
  await page.getByRole('button', { name: 'Claim (C)' }).click()
  await expect(page.getByTestId('form-exact')).toHaveText('المحادثات')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('[data-kinds~="claim"]')).toHaveText('المحادثات')
  const [saved] = (await (await page.request.get(`/api/articles/${id}/annotations`)).json()).annotations
  expect(saved.exact).toBe('المحادثات')
  expect([...ARABIC].slice(saved.start, saved.end).join('')).toBe('المحادثات')
  // Sentence mode follows the language: S on the second paragraph picks its sentence.
  await page.getByTestId('sentence-mode').check()
  await page.getByText('وأضاف أن الترخيص').click()
  await expect(page.getByTestId('selection-toolbar')).toBeVisible()
  await page.keyboard.press('c')
  await expect(page.getByTestId('form-exact')).toHaveText('وأضاف أن الترخيص لم يتم بعد.')
})

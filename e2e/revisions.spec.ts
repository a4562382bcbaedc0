import { DEMO_BODY, dragOver, expect, importArticle, signIn, test } from './fixtures'

const cp = (text: string, needle: string) => {
  const start = [...text.slice(0, text.indexOf(needle))].length
  return { start, end: start + [...needle].length, exact: needle }
}

test('a wire update keeps moved annotations on their words; a deleted one is re-attached by selecting text', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const articleId = await importArticle(page, `Wire update test ${Date.now()}`)
  const denied = 'Huawei has consistently denied the insurance claim.'
  const residue = 'Please enter your comment!'
  for (const data of [
    { kind: 'claim', ...cp(DEMO_BODY, denied), verdict: 'true' },
    { kind: 'error', ...cp(DEMO_BODY, residue), correction: '', category: 'other' },
  ]) {
    expect((await page.request.post(`/api/articles/${articleId}/annotations`, { data })).status()).toBe(201)
  }
  await page.goto(`/articles/${articleId}`)
  await expect(page.locator('[data-kinds~="claim"]')).toHaveText(denied)

  // The wire sends an update: a new first paragraph, and the scraped residue is gone.
  const updated = 'UPDATE: Huawei confirmed the talks on Saturday.\n\n' + DEMO_BODY.replace('\n\n\nPlease enter your comment!\nPlease enter your name here', '\n')
  await page.getByRole('button', { name: 'Update from wire' }).click()
  await page.getByLabel('Article text').fill(updated)
  await page.getByRole('button', { name: 'Save revision' }).click()
  await expect(page.getByTestId('revise-message')).toHaveText(/Saved revision 2\. Annotations: 0 unchanged, 1 moved, 0 found again, 1 need re-anchoring\./)

  // The moved claim still highlights the same words.
  await expect(page.locator('[data-kinds~="claim"]')).toHaveText(denied)
  await expect(page.getByText('Revision 2', { exact: true })).toBeVisible()

  // The deleted one waits under "Needs re-anchoring"; select new text and re-attach it.
  const orphan = page.getByTestId('needs-reanchoring').getByTestId('orphan')
  await expect(orphan).toHaveCount(1)
  await expect(orphan).toContainText(residue)
  await expect(orphan.getByRole('button', { name: 'Re-attach to selection' })).toBeDisabled()
  await dragOver(page, 'Huawei confirmed the talks')
  await orphan.getByRole('button', { name: 'Re-attach to selection' }).click()
  await expect(page.getByTestId('needs-reanchoring')).toHaveCount(0)
  await expect(page.locator('[data-kinds~="error"]')).toHaveText('Huawei confirmed the talks')

  // The history lists both revisions with a diff.
  await page.getByRole('link', { name: 'Revisions' }).click()
  await expect(page.getByTestId('revision-list')).toContainText('wire update re-imported')
  await expect(page.getByTestId('revision-diff').locator('ins').first()).toContainText('UPDATE: Huawei confirmed the talks on Saturday.')
  await expect(page.getByTestId('revision-diff').locator('del').last()).toContainText('Please enter your comment!')
})

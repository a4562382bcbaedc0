import { dragOver, DEMO_BODY, expect, findPublicCorrection, importArticle, signIn, test, noViolations } from './fixtures'

/**
 * What readers are told must be true (issue 22): the publish dialog warns when a name fix leaves
 * the old spelling in the text, previews the note exactly as readers will read it, lists which
 * fixes the note mentions and which it leaves out and why, takes a standards editor's own note;
 * an accepted suggestion's fix reaches the note under the category that fits; afterwards the
 * sidebar and search show what was replaced, and the article can be marked published.
 */
test('the publish dialog tells the publisher what readers will read, and readers read exactly that', async ({ browser, page }) => {
  test.setTimeout(120_000)
  await signIn(page, 'editor@galley.test')
  const title = `Readers told the truth ${Date.now()}`
  // The demo story: "Pain" in the second paragraph and again in the third.
  const id = await importArticle(page, title, DEMO_BODY)
  await page.goto(`/articles/${id}`)

  // Accept two of the desk's suggestions: the spinner's "Business Department" and the scraped residue.
  const panel = page.getByTestId('suggestions')
  for (const words of ['Business Department', 'Please enter your comment!']) {
    const item = panel.getByTestId('suggestion').filter({ has: page.locator('del', { hasText: words }) })
    await item.getByRole('button').first().click()
    await item.getByRole('button', { name: 'Accept (Enter)' }).click()
    await expect(page.getByTestId('annotator-message')).toContainText(`Accepted: “${words}`)
  }

  // Mark the first "Pain" only, as a name fix.
  await page.getByLabel('Filter by kind').selectOption('annotations')
  await dragOver(page, 'Pain')
  await page.getByRole('button', { name: 'Error (E)' }).click()
  await expect(page.getByTestId('form-exact')).toHaveText('Pain')
  await page.getByLabel(/Correction/).fill('Pang')
  await page.getByLabel('Category').selectOption('name')
  // A word of its own in the note: the search below finds this fix among the desk's many "Pain → Pang".
  const tag = `bio${Date.now().toString(36)}`
  await page.getByLabel('Note').fill(`Per the company ${tag}`)
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('annotator-message')).toHaveText('Error saved.')

  // A reviewer approves all three in the queue.
  const reviewer = await (await browser.newContext()).newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  await reviewer.goto(`/review?article=${id}`)
  const items = reviewer.getByTestId('queue-item').filter({ hasText: title })
  await expect(items).toHaveCount(3)
  for (let left = 3; left > 0; left--) {
    await items.first().getByRole('button', { name: 'Approve (A)' }).click()
    await expect(reviewer.getByTestId('review-outcome')).toContainText('Approved')
    await expect(items).toHaveCount(left - 1)
  }

  // The publish dialog.
  await page.reload()
  await page.getByRole('button', { name: 'Publish approved fixes (3)' }).click()
  const dialog = page.getByTestId('publish-dialog')
  await expect(dialog.getByRole('button', { name: 'Publish', exact: true })).toBeFocused()
  // The old spelling is still in the third paragraph.
  await expect(dialog.getByTestId('publish-leftover')).toContainText('“Pain” is still in paragraph 3 (1 place) after this publication corrects it to “Pang”')
  // The note as readers will read it: the name, and the department's name from the accepted suggestion (a fact fix).
  const preview = dialog.getByTestId('publish-note-preview')
  await expect(preview.locator('p')).toHaveText([
    'An earlier version of this article misspelled the name of Vincent Pang.',
    'An earlier version of this article incorrectly said “Business Department”; it should have said “Commerce Department”.',
  ])
  // Which fixes the note mentions, and which it leaves out and why.
  const fixes = dialog.getByTestId('publish-fix')
  await expect(fixes.filter({ hasText: 'Business Department' })).toHaveAttribute('data-mentioned', 'true')
  await expect(fixes.filter({ hasText: 'Business Department' })).toContainText('(fact)')
  const residue = fixes.filter({ hasText: 'Please enter your comment!' })
  await expect(residue).toHaveAttribute('data-mentioned', 'false')
  await expect(residue).toContainText('Left out of the note: its category is “other”: readers are told only of name, fact and quote fixes.')

  // A standards editor's own words: shown in the preview as text, last.
  const own = 'We have also asked the company to confirm <b>every</b> figure.'
  await dialog.getByLabel('Standards editor’s note to readers (optional)').fill(own)
  await expect(preview.locator('p').last()).toHaveText(own)
  await expect(preview.locator('b')).toHaveCount(0)
  // The dialog meets the same axe rules as the desk's pages (e2e/a11y.spec.ts).
  await noViolations(page, 'the publish dialog', '[data-testid="publish-dialog"]')
  await page.screenshot({ path: test.info().outputPath('publish-dialog.png'), fullPage: false })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: test.info().outputPath('publish-dialog-390.png'), fullPage: false })
  expect(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth + 1)).toBe(true)
  await page.setViewportSize({ width: 1280, height: 900 })

  await dialog.getByRole('button', { name: 'Publish', exact: true }).click()
  await expect(dialog).toBeHidden()
  const message = page.getByTestId('revise-message')
  await expect(message).toContainText('Published 3 fixes as revision 2.')
  await expect(message).toBeFocused()

  // Still "checking": the panel offers to mark it published.
  await expect(page.getByTestId('offer-mark-published')).toContainText('The article is still marked “checking”.')
  await page.getByRole('button', { name: 'Mark it published' }).click()
  await expect(message).toHaveText('The article is marked published.')
  await expect(page.getByTestId('published-notice')).toBeVisible()
  await expect(page.getByTestId('offer-mark-published')).toHaveCount(0)

  // The sidebar keeps what was replaced.
  await page.getByLabel('Filter by status').selectOption('applied')
  await expect(page.getByTestId('sidebar-item').filter({ hasText: 'Pang' })).toContainText('Pain → Pang')

  // So does search.
  await page.goto(`/search?${new URLSearchParams({ q: `Pain ${tag}`, type: 'annotation' })}`)
  const hit = page.getByTestId('search-result').filter({ hasText: title }).filter({ hasText: 'Pang' })
  await expect(page.getByTestId('search-result')).toHaveCount(1)
  await expect(hit.getByTestId('search-snippet')).toHaveText(/^Pain → Pang/)

  // Readers read exactly what the dialog previewed.
  const reader = await (await browser.newContext()).newPage()
  const entry = await findPublicCorrection(reader, title)
  await expect(entry.locator('p.font-serif')).toHaveText([
    'An earlier version of this article misspelled the name of Vincent Pang.',
    'An earlier version of this article incorrectly said “Business Department”; it should have said “Commerce Department”.',
    own,
  ])
})

test('the dialog says nothing is left when every occurrence is fixed; cancelling publishes nothing', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Every occurrence ${Date.now()}`, 'Vincent Pain opened the bridge.\n\nPain said it took four years.')
  const cp = (needle: string, from = 0) => [...'Vincent Pain opened the bridge.\n\nPain said it took four years.'.slice(0, 'Vincent Pain opened the bridge.\n\nPain said it took four years.'.indexOf(needle, from))].length
  const reviewer = await (await page.context().browser()!.newContext()).newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  for (const start of [cp('Pain'), cp('Pain', 20)]) {
    const fix = await (await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', start, end: start + 4, exact: 'Pain', correction: 'Pang', category: 'name' } })).json()
    expect((await reviewer.request.post(`/api/annotations/${fix.id}/review`, { data: { decision: 'approve', version: fix.version } })).status()).toBe(200)
  }
  await page.goto(`/articles/${id}`)
  const open = page.getByRole('button', { name: 'Publish approved fixes (2)' })
  await open.click()
  const dialog = page.getByTestId('publish-dialog')
  await expect(dialog.getByTestId('publish-note-preview')).toHaveText('An earlier version of this article misspelled the name of Vincent Pang.')
  await expect(dialog.getByTestId('publish-leftovers')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(open).toBeFocused()
  expect((await (await page.request.get(`/api/articles/${id}`)).json()).revision).toBe(1)
})

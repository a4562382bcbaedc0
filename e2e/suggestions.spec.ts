import fs from 'node:fs'
import path from 'node:path'
import { expect, test, signIn, importArticle, clickOn } from './fixtures'

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'lib', 'suggest', 'fixtures', name), 'utf8')

test('an editor attaches the wire original, accepts and dismisses suggestions from the keyboard; a reviewer approves; the export has the fix', async ({ page, browser }) => {
  await signIn(page, 'editor@galley.test')
  const title = `Riverton bridge ${Date.now()}`
  const id = await importArticle(page, title, fixture('council-article.txt'))
  await page.goto(`/articles/${id}`)

  // Without a source, the built-in checks already speak: the doubled word, the share bar, the name.
  const panel = page.getByTestId('suggestions')
  await expect(panel.getByRole('heading')).toContainText(/Suggestions \(\d+\)/)
  await expect(panel.getByTestId('suggestion').filter({ hasText: 'Scraped residue' })).toHaveCount(1)
  // "Olsen" once, "Olson" once, no source yet: one suggestion asks which spelling is right.
  await expect(panel.getByTestId('suggestion').filter({ hasText: 'Name variant' })).toHaveCount(1)

  // Attach the wire original through the form (pasted text).
  await page.getByRole('button', { name: 'Attach a source' }).click()
  const form = page.getByTestId('source-form')
  await form.getByLabel('Title').fill('Wire original')
  await form.getByLabel('Kind').selectOption('wire')
  // Uploading a .txt file fills the text box with it.
  await form.getByLabel('Upload a .txt or .md file').setInputFiles({ name: 'wire.txt', mimeType: 'text/plain', buffer: Buffer.from(fixture('council-wire.txt')) })
  await expect(form.getByLabel(/^Text/)).toHaveValue(fixture('council-wire.txt'))
  await form.getByRole('button', { name: 'Attach' }).click()
  await expect(page.getByTestId('source')).toContainText('Wire original')
  const huge = panel.getByTestId('suggestion').filter({ hasText: 'huge' })
  await expect(huge).toContainText('giant')
  // The wire says "Olson": the name check no longer proposes "Olsen".
  await expect(panel.getByTestId('suggestion').filter({ hasText: /→ Olsen/ })).toHaveCount(0)
  // Drawn in the text, with the check and its message on hover.
  const underline = page.locator('.article-text [data-kinds~="suggestion"]', { hasText: /^huge$/ })
  await underline.hover()
  await expect(underline).toHaveAttribute('title', 'Suggestion (Source): “Wire original” (wire) has “giant” where the article has “huge”.')
  await expect(page.getByTestId('missing-sentences')).toContainText('In the source, not in the article (2)')

  // Keyboard only: show suggestions, J to the first ("huge" → "giant"), Enter accepts it.
  await page.getByLabel('Filter by kind').selectOption('suggestion')
  await page.locator('body').click({ position: { x: 1, y: 1 } })
  await page.keyboard.press('j')
  await expect(panel.locator('[aria-current="true"]')).toContainText('huge')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('annotator-message')).toContainText('Accepted: “huge” → “giant” is an open fix, waiting for review.')
  await expect(huge).toHaveCount(0)
  // J to the next one, X dismisses it, and it stays dismissed after a reload.
  await page.keyboard.press('j')
  const next = panel.locator('[aria-current="true"]')
  const nextText = (await next.locator('button').first().innerText()).trim()
  await page.keyboard.press('x')
  await expect(page.getByTestId('annotator-message')).toContainText('Suggestion dismissed.')
  await page.reload()
  await page.getByLabel('Filter by kind').selectOption('suggestion')
  await expect(panel.getByRole('heading')).not.toContainText('checking')
  await expect(panel.getByTestId('suggestion').filter({ hasText: nextText })).toHaveCount(0)

  // A reviewer approves the accepted fix; the export has the wire's word.
  const reviewerContext = await browser.newContext()
  const reviewer = await reviewerContext.newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  await reviewer.goto(`/review?article=${id}`)
  const item = reviewer.getByTestId('queue-item').filter({ has: reviewer.locator('del', { hasText: /^huge$/ }) })
  await item.getByRole('button', { name: 'Approve (A)' }).click()
  await expect(reviewer.getByTestId('review-outcome')).toHaveText('Approved: “huge” → “giant”. Press Z to undo.')
  const text = await (await reviewer.request.get(`/api/articles/${id}/export?format=text`)).text()
  expect(text).toContain('approved a giant new footbridge')
  const json = await (await reviewer.request.get(`/api/articles/${id}/export?format=json`)).json()
  expect(json.sources.map((s: { title: string }) => s.title)).toEqual(['Wire original'])
  await reviewerContext.close()
})

test('a quote annotation shows its check against the transcript, and V marks a verbatim one verified', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const body = 'Olson said: “We have talked about this bridge for ten years, and tonight we stopped talking.” Then she left.'
  const id = await importArticle(page, `Quote check ${Date.now()}`, body)
  const exact = 'We have talked about this bridge for ten years, and tonight we stopped talking.'
  const start = [...body.slice(0, body.indexOf(exact))].length
  const quote = await (await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'quote', start, end: start + [...exact].length, exact, speaker: 'Marta Olson' } })).json()
  expect((await page.request.post(`/api/articles/${id}/sources`, { data: { title: 'Press conference', kind: 'transcript', body: fixture('council-transcript.txt') } })).status()).toBe(201)
  await page.goto(`/articles/${id}`)
  await page.getByTestId('sidebar-item').filter({ hasText: 'We have talked' }).getByRole('button').first().click()
  await expect(page.getByTestId('quote-check')).toContainText('Quote check: verbatim in the source')
  await page.locator('body').click({ position: { x: 1, y: 1 } })
  await page.keyboard.press('v')
  await expect(page.getByTestId('annotator-message')).toHaveText('Quote marked verified.')
  await expect(page.getByTestId('annotation-details')).toContainText('verified')
  const after = await (await page.request.get(`/api/articles/${id}/annotations`)).json()
  expect(after.annotations.find((a: { id: string }) => a.id === quote.id).verified).toBe(true)

  // A quote marked on the page is checked at once, without a reload.
  await page.getByTestId('sentence-mode').check()
  await clickOn(page, 'she left')
  await page.keyboard.press('q')
  await expect(page.getByTestId('form-exact')).toHaveText('Then she left.')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('annotator-message')).toHaveText('Quote saved.')
  await expect(page.getByTestId('quote-check')).toContainText('Quote check: not found in any source')
})

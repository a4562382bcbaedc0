import fs from 'node:fs'
import { clickOn, DEMO_BODY, dragOver, expect, importArticle, signIn, test } from './fixtures'

test('editor marks an error and a claim; reviewer approves one fix and rejects another; export is corrected', async ({ browser }) => {
  const editorContext = await browser.newContext()
  const editor = await editorContext.newPage()
  await signIn(editor, 'editor@galley.test')
  const title = `Huawei desk test ${Date.now()}`
  const articleId = await importArticle(editor, title)
  await editor.goto(`/articles/${articleId}`)
  await expect(editor.getByTestId('article-text')).toContainText('Vincent Pain, senior vice head of state')
  // Annotations only: the name check's suggestion on "Pain" would otherwise share its tooltip (suggestions.spec covers those).
  await editor.getByLabel('Filter by kind').selectOption('annotations')

  // Error: drag over "Pain" in "Vincent Pain", mark it, correct it to "Pang".
  await dragOver(editor, 'Pain')
  await editor.getByRole('button', { name: 'Error (E)' }).click()
  await expect(editor.getByTestId('form-exact')).toHaveText('Pain')
  await editor.getByLabel(/Correction/).fill('Pang')
  await editor.getByLabel('Category').selectOption('name')
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor.getByTestId('annotator-message')).toHaveText('Error saved.')
  const errorHighlight = editor.locator('[data-kinds~="error"]')
  await expect(errorHighlight).toHaveText('Pain')
  await errorHighlight.hover()
  await expect(errorHighlight).toHaveAttribute('title', 'Error, open: “Pain” should read “Pang”')
  await expect(editor.getByTestId('sidebar-item').first()).toContainText('Pain → Pang')

  // Claim: sentence mode, click inside a sentence, press C.
  await editor.getByTestId('sentence-mode').check()
  await clickOn(editor, 'consistently denied')
  await expect(editor.getByTestId('selection-toolbar')).toBeVisible()
  await editor.keyboard.press('c')
  await expect(editor.getByTestId('form-exact')).toHaveText('Huawei has consistently denied the insurance claim.')
  await editor.getByLabel('Verdict').selectOption('true')
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor.locator('[data-kinds~="claim"]')).toHaveText('Huawei has consistently denied the insurance claim.')

  // A second fix, proposed through the API, that the reviewer will reject.
  const dup = DEMO_BODY.indexOf('licenses, licenses')
  const start = [...DEMO_BODY.slice(0, dup)].length
  const proposed = await editor.request.post(`/api/articles/${articleId}/annotations`, {
    data: { kind: 'error', start, end: start + 'licenses, '.length, exact: 'licenses, ', correction: 'permits, ', category: 'fact' },
  })
  expect(proposed.status()).toBe(201)
  await editorContext.close()

  // Reviewer: approve the name fix, reject the other.
  const reviewerContext = await browser.newContext()
  const reviewer = await reviewerContext.newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  await reviewer.goto(`/review?article=${articleId}`)
  const painItem = reviewer.getByTestId('queue-item').filter({ hasText: title }).filter({ has: reviewer.locator('del', { hasText: /^Pain$/ }) })
  await expect(painItem.getByTestId('redline')).toContainText('Vincent PainPang, senior vice head of state')
  await painItem.getByRole('button', { name: 'Approve (A)' }).click()
  await expect(reviewer.getByTestId('review-outcome')).toHaveText('Approved: “Pain” → “Pang”. Press Z to undo.')
  const dupItem = reviewer.getByTestId('queue-item').filter({ hasText: title }).filter({ has: reviewer.locator('del', { hasText: 'licenses, ' }) })
  await dupItem.getByLabel('Review comment').fill('The wire says licenses twice on purpose? No — but "permits" is wrong.')
  await dupItem.getByRole('button', { name: 'Reject (R)' }).click()
  await expect(reviewer.getByTestId('review-outcome')).toContainText('Rejected')
  await expect(reviewer.getByTestId('queue-item').filter({ hasText: title })).toHaveCount(0)

  // Export: the corrected text has the approved fix only.
  const exported = await reviewer.request.get(`/api/articles/${articleId}/export?format=text`)
  const text = await exported.text()
  expect(text).toContain('Vincent Pang, senior vice head of state')
  expect(text).not.toContain('Vincent Pain')
  expect(text).toContain('licenses, licenses')
  expect(text).not.toContain('permits')
  const md = await (await reviewer.request.get(`/api/articles/${articleId}/export?format=markdown`)).text()
  expect(md).toContain('An earlier version of this article misspelled the name of Vincent Pang.')

  // The article page offers the downloads, named after the title.
  await reviewer.goto(`/articles/${articleId}`)
  const download = reviewer.waitForEvent('download')
  await reviewer.getByTestId('export-links').getByRole('link', { name: 'Markdown' }).click()
  expect((await download).suggestedFilename()).toMatch(/^huawei-desk-test-\d+\.md$/)
  // …and the annotations as W3C Web Annotations: the claim marked in sentence mode is among them.
  const w3c = reviewer.waitForEvent('download')
  await reviewer.getByTestId('export-links').getByRole('link', { name: 'W3C annotations' }).click()
  const annotationsFile = await w3c
  expect(annotationsFile.suggestedFilename()).toMatch(/^huawei-desk-test-\d+\.annotations\.jsonld$/)
  const collection = JSON.parse(fs.readFileSync((await annotationsFile.path())!, 'utf8'))
  expect(collection.type).toBe('AnnotationCollection')
  expect(collection.first.items.map((a: { motivation: string }) => a.motivation)).toContain('assessing')
  await reviewerContext.close()
})

test('overlapping annotations stay clickable through a picker, and J/K walk the sidebar', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const articleId = await importArticle(page, `Overlap test ${Date.now()}`)
  const at = (needle: string) => {
    const start = [...DEMO_BODY.slice(0, DEMO_BODY.indexOf(needle))].length
    return { start, end: start + [...needle].length, exact: needle }
  }
  for (const data of [
    { kind: 'claim', ...at('Vincent Pain, senior vice head of state') },
    { kind: 'error', ...at('senior vice head of state'), correction: 'senior vice president', category: 'fact' },
    { kind: 'quote', ...at('board supervisor at the company'), speaker: 'Wire' }, // crosses nothing; checked below
    { kind: 'claim', ...at('also board supervisor') }, // crosses the quote
  ]) {
    expect((await page.request.post(`/api/articles/${articleId}/annotations`, { data })).status()).toBe(201)
  }
  await page.goto(`/articles/${articleId}`)
  // Annotations only: the checks' suggestions (the demo has many) neither split the highlights nor take a J/K step.
  await page.getByLabel('Filter by kind').selectOption('annotations')
  const overlap = page.locator('.hl-stacked', { hasText: 'senior vice head of state' })
  await expect(overlap).toHaveText('senior vice head of state')
  await overlap.click()
  const picker = page.getByTestId('overlap-picker')
  await expect(picker.getByRole('menuitem')).toHaveCount(2)
  await picker.getByRole('menuitem', { name: /error/i }).click()
  await expect(page.getByTestId('annotation-details')).toContainText('Category: fact')
  // The selected annotation is outlined in the text: exactly its words, whichever runs they fall in.
  const outlined = page.locator('.article-text .hl-selected')
  await expect(outlined).toHaveText(['senior vice head of state'])
  await page.keyboard.press('k')
  await expect(page.locator('[data-testid="sidebar-item"][aria-current="true"]')).toContainText(/claim/i)
  await expect(outlined).toHaveText([/^Vincent Pain,\s*$/, 'senior vice head of state'])
  await page.keyboard.press('j')
  await expect(page.locator('[data-testid="sidebar-item"][aria-current="true"]')).toContainText(/error/i)
  await expect(outlined).toHaveText(['senior vice head of state'])
  // Crossing spans: the shared words offer both; each side alone offers one.
  const crossing = page.locator('.hl', { hasText: /^board supervisor$/ })
  await crossing.click()
  await expect(page.getByTestId('overlap-picker').getByRole('menuitem')).toHaveCount(2)
  await page.keyboard.press('Escape')
  await page.getByLabel('Filter by kind').selectOption('claim')
  await expect(page.getByTestId('sidebar-item')).toHaveCount(2)
  // J/K step through what the filters show: both claims, never the hidden error.
  const current = page.locator('[data-testid="sidebar-item"][aria-current="true"]')
  const items = page.getByTestId('sidebar-item')
  await page.keyboard.press('j')
  await expect(current).toHaveAttribute('data-id', (await items.nth(0).getAttribute('data-id'))!)
  await page.keyboard.press('j')
  await expect(current).toHaveAttribute('data-id', (await items.nth(1).getAttribute('data-id'))!)
  await page.keyboard.press('j')
  await expect(current).toHaveAttribute('data-id', (await items.nth(1).getAttribute('data-id'))!)
})

test('an editor sees why the review buttons are disabled', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const articleId = await importArticle(page, `Blocked test ${Date.now()}`)
  const start = [...DEMO_BODY.slice(0, DEMO_BODY.indexOf('UNITED STATE'))].length
  await page.request.post(`/api/articles/${articleId}/annotations`, { data: { kind: 'error', start, end: start + 12, exact: 'UNITED STATE', correction: 'U.S.', category: 'spelling' } })
  await page.goto(`/review?article=${articleId}`)
  const item = page.getByTestId('queue-item').filter({ hasText: 'Blocked test' }).first()
  await expect(item.getByRole('button', { name: 'Approve (A)' })).toBeDisabled()
  await expect(item.getByTestId('blocked-reason')).toHaveText('Only reviewers decide on fixes; you are signed in as editor.')
})

test('a reviewer never approves a correction they did not see: a fix changed meanwhile is refused until the queue is reloaded', async ({ page, browser }) => {
  const editorContext = await browser.newContext()
  const editor = await editorContext.newPage()
  await signIn(editor, 'editor@galley.test')
  const title = `Changed fix ${Date.now()}`
  const articleId = await importArticle(editor, title)
  const start = [...DEMO_BODY.slice(0, DEMO_BODY.indexOf('UNITED STATE'))].length
  const created = await editor.request.post(`/api/articles/${articleId}/annotations`, {
    data: { kind: 'error', start, end: start + 12, exact: 'UNITED STATE', correction: 'U.S.', category: 'spelling' },
  })
  const fix = await created.json()

  await signIn(page, 'reviewer@galley.test')
  await page.goto(`/review?article=${articleId}`)
  const item = page.getByTestId('queue-item').filter({ hasText: title })
  await expect(item.getByTestId('redline')).toContainText('U.S.')
  // While the reviewer reads "U.S.", the editor changes the correction.
  expect((await editor.request.patch(`/api/annotations/${fix.id}`, { data: { version: fix.version, correction: 'United States' } })).status()).toBe(200)
  await item.getByRole('button', { name: 'Approve (A)' }).click()
  await expect(item.getByTestId('queue-item-error')).toContainText('changed after you read it')
  await item.getByRole('button', { name: 'Reload the queue' }).click()
  const reloaded = page.getByTestId('queue-item').filter({ hasText: title })
  await expect(reloaded.getByTestId('redline')).toContainText('United States')
  await reloaded.getByRole('button', { name: 'Approve (A)' }).click()
  await expect(page.getByTestId('review-outcome')).toHaveText('Approved: “UNITED STATE” → “United States”. Press Z to undo.')
  await editorContext.close()
})

test('an editor retitles an article and marks it published; the article list shows both', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const title = `Details test ${Date.now()}`
  const articleId = await importArticle(page, title)
  await page.goto(`/articles/${articleId}`)
  await page.getByRole('button', { name: 'Edit title and source' }).click()
  await page.getByLabel('Title').fill(`${title} (corrected)`)
  await page.getByLabel('Source URL').fill('https://wire.example/huawei-5g')
  await page.getByRole('button', { name: 'Save details' }).click()
  await expect(page.getByTestId('article-title')).toHaveText(`${title} (corrected)`)
  await expect(page.getByRole('link', { name: 'https://wire.example/huawei-5g' })).toBeVisible()
  await page.getByLabel('Article status').selectOption('published')
  await expect(page.getByLabel('Article status')).toHaveValue('published')
  await page.goto('/articles')
  const row = page.getByRole('listitem').filter({ hasText: `${title} (corrected)` })
  await expect(row.getByTestId('article-status')).toHaveText('published')
  await page.goto(`/articles/${articleId}/history`)
  await expect(page.getByText('marked the article published (was checking)')).toBeVisible()
})

import { dragOver, expect, importArticle, signIn, test, noViolations } from './fixtures'
import type { Page } from '@playwright/test'

// Issue 22: a name fixed in one paragraph and left wrong in the next; the same fix saved twice.
const BODY = [
  'Vincent Pain, the minister, spoke in Spain on Friday.',
  '“The talks went well,” Pain said, adding that Paine was not there.',
  'Later, Pain left for Washington. Pang is expected back next week.',
].join('\n\n')

/** Mark the `nth` "Pain" as an error corrected to "Pang" through the selection toolbar and the form. */
async function markPain(page: Page, nth = 0) {
  await dragOver(page, 'Pain', nth)
  await page.getByRole('button', { name: 'Error (E)' }).click()
  await expect(page.getByTestId('form-exact')).toHaveText('Pain')
  await page.getByLabel(/Correction/).fill('Pang')
  await page.getByLabel('Category').selectOption('name')
  await page.getByRole('button', { name: 'Save' }).click()
}

test('two tabs saving the same fix: the second is told which fix is already there and goes to it', async ({ page, context }) => {
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Same fix, two tabs ${Date.now()}`, BODY)
  const second = await context.newPage()
  for (const tab of [page, second]) {
    await tab.goto(`/articles/${id}`)
    await tab.getByLabel('Filter by kind').selectOption('annotations')
  }
  await markPain(page)
  await expect(page.getByTestId('annotator-message')).toHaveText('Error saved.')

  // The second tab had the same idea: its save names the first fix in words, never an id alone.
  await markPain(second)
  const notice = second.getByTestId('same-fix')
  await expect(notice).toContainText('This fix is already on the desk: “Pain” → “Pang”, proposed by Demo Editor, waiting for review. It was not saved a second time.')
  const stored = (await (await second.request.get(`/api/articles/${id}/annotations`)).json()).annotations.filter((a: { kind: string }) => a.kind === 'error')
  expect(stored).toHaveLength(1)
  await expect(notice).not.toContainText(stored[0].id)
  await second.screenshot({ path: 'test-results/same-fix-two-tabs.png' })
  await noViolations(second, 'the annotate page with the same-fix notice')

  // "Show that fix" selects it, in the text and in the list, and the keyboard is there.
  await notice.getByRole('button', { name: 'Show that fix' }).click()
  const item = second.locator(`[data-testid="sidebar-item"][data-id="${stored[0].id}"]`)
  await expect(item).toHaveAttribute('aria-current', 'true')
  await expect(item.getByRole('button').first()).toBeFocused()
  await expect(second.getByTestId('same-fix')).toHaveCount(0)
  await expect(second.locator('[data-kinds~="error"]')).toHaveCount(1)
})

test('a fix made by hand beside the desk’s identical suggestion takes it: shown as taken, not as a second fix', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  // "Pang" twice, "Pain" once and no source: the name check offers "Pain" → "Pang" (the majority).
  const id = await importArticle(page, `Same fix, by hand ${Date.now()}`, 'Vincent Pain, the minister, spoke on Friday.\n\n“The talks went well,” Pang said.\n\nLater, Pang left for Washington.')
  await page.goto(`/articles/${id}`)
  const panel = page.getByTestId('suggestions')
  await expect(panel.getByRole('heading')).not.toContainText('checking')
  const suggestion = panel.getByTestId('suggestion').filter({ hasText: 'Name variant' }).filter({ hasText: /Pain\s*→\s*Pang/ })
  const before = await suggestion.count()
  expect(before).toBeGreaterThan(0)

  // Annotations only while marking (the suggestion's underline shares the words), then both again.
  await page.getByLabel('Filter by kind').selectOption('annotations')
  await markPain(page)
  await expect(page.getByTestId('annotator-message')).toHaveText('Error saved.')
  await page.getByLabel('Filter by kind').selectOption('all')
  await expect(suggestion).toHaveCount(before - 1)
  const taken = panel.getByTestId('suggestion-taken')
  await expect(taken).toHaveCount(1)
  await expect(taken).toContainText('Pain → Pang')
  await expect(taken).toContainText('taken')
  await page.screenshot({ path: 'test-results/same-fix-taken.png' })
  await noViolations(page, 'the annotate page with a taken suggestion')

  // Still taken after a reload (the server settled it), and the fix is the only one.
  await page.reload()
  await expect(panel.getByRole('heading')).not.toContainText('checking')
  await expect(panel.getByTestId('suggestion-taken')).toHaveCount(1)
  await expect(suggestion).toHaveCount(before - 1)
  await panel.getByTestId('suggestion-taken').getByRole('button', { name: 'Show the fix' }).click()
  await expect(page.locator('[data-testid="sidebar-item"][aria-current="true"]')).toContainText('Pain → Pang')
  const errors = (await (await page.request.get(`/api/articles/${id}/annotations`)).json()).annotations.filter((a: { kind: string }) => a.kind === 'error')
  expect(errors).toHaveLength(1)
})

test('fix every occurrence of a name, then a reviewer approves the group (each fix its own review)', async ({ page, browser }) => {
  await signIn(page, 'editor@galley.test')
  const title = `Fix every Pain ${Date.now()}`
  const id = await importArticle(page, title, BODY)
  await page.goto(`/articles/${id}`)
  await page.getByLabel('Filter by kind').selectOption('annotations')
  await markPain(page)
  await expect(page.getByTestId('annotator-message')).toHaveText('Error saved.')

  // "Pain" twice more (not in "Spain" or "Paine"): offered, from the keyboard too.
  const offer = page.getByTestId('occurrences-offer')
  await expect(offer).toContainText('“Pain” occurs 2 more times in the article. Fix all of them to “Pang” too? Each becomes its own fix, reviewed together with this one.')
  await page.setViewportSize({ width: 390, height: 844 })
  await offer.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/same-fix-offer-390.png' })
  await page.setViewportSize({ width: 1280, height: 900 })
  await noViolations(page, 'the annotate page with the occurrences offer')
  await offer.getByRole('button', { name: 'Fix all 2' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('annotator-message')).toHaveText('Fixed 2 more occurrences of “Pain”: 3 fixes, to be reviewed together.')
  await expect(offer).toHaveCount(0)
  await expect(page.locator('[data-kinds~="error"]')).toHaveText(['Pain', 'Pain', 'Pain'])
  const errors = (await (await page.request.get(`/api/articles/${id}/annotations`)).json()).annotations.filter((a: { kind: string }) => a.kind === 'error')
  expect(errors).toHaveLength(3)
  expect(new Set(errors.map((e: { groupId: string }) => e.groupId)).size).toBe(1)
  // The sidebar says they were made together, also after a reload (the page's packed list carries the group).
  await expect(page.getByTestId('sidebar-group')).toHaveText(['one of 3 fixed together', 'one of 3 fixed together', 'one of 3 fixed together'])
  await page.reload()
  await expect(page.getByTestId('sidebar-group')).toHaveText(['one of 3 fixed together', 'one of 3 fixed together', 'one of 3 fixed together'])

  // The reviewer sees the three together and approves them at once.
  const reviewerContext = await browser.newContext()
  const reviewer = await reviewerContext.newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  await reviewer.goto(`/review?article=${id}`)
  const group = reviewer.getByTestId('fix-group')
  await expect(group).toContainText('3 fixes made together, one for each occurrence of “Pain” → “Pang”')
  await expect(reviewer.getByTestId('group-member')).toHaveText(['1 of 3 in a group', '2 of 3 in a group', '3 of 3 in a group'])
  await reviewer.setViewportSize({ width: 390, height: 844 })
  await reviewer.screenshot({ path: 'test-results/same-fix-group-390.png', fullPage: true })
  await reviewer.setViewportSize({ width: 1280, height: 900 })
  await noViolations(reviewer, 'the review queue with a group')
  await group.getByLabel('Review comment for the group').fill('Pang, as the wire has it.')
  await group.getByRole('button', { name: 'Approve all 3' }).click()
  await expect(reviewer.getByTestId('review-outcome')).toHaveText('Approved 3 fixes together: “Pain” → “Pang”.')
  await expect(reviewer.getByTestId('queue-item')).toHaveCount(0)
  const after = (await (await reviewer.request.get(`/api/articles/${id}/annotations`)).json()).annotations.filter((a: { kind: string }) => a.kind === 'error')
  expect(after.map((a: { status: string }) => a.status)).toEqual(['approved', 'approved', 'approved'])
  // Each its own decision in the history, by the reviewer, with the comment.
  const history = (await (await reviewer.request.get(`/api/articles/${id}/history`)).json()).events.map((e: { description: string }) => e.description)
  expect(history.filter((d: string) => d === 'approved the fix “Pain” → “Pang” (with its group), saying “Pang, as the wire has it.”')).toHaveLength(3)
  await reviewerContext.close()
})

test('a reviewer who fixed every occurrence does not get the group to review: it waits for another reviewer', async ({ page }) => {
  await signIn(page, 'reviewer@galley.test')
  const id = await importArticle(page, `Own group ${Date.now()}`, BODY)
  const start = [...BODY.slice(0, BODY.indexOf('Pain'))].length
  const made = await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', start, end: start + 4, exact: 'Pain', correction: 'Pang', category: 'name' } })
  expect(made.status()).toBe(201)
  const group = await page.request.post(`/api/annotations/${(await made.json()).id}/occurrences`, { data: {} })
  expect(group.status()).toBe(201)
  const { groupId, fix, created } = await group.json()
  await page.goto(`/review?article=${id}`)
  await expect(page.getByTestId('fix-group')).toHaveCount(0)
  await expect(page.getByTestId('queue-count')).toContainText('3 of your own fixes are waiting for another reviewer')
  // Nor through the API: four-eyes holds for the group.
  const own = await page.request.post(`/api/fix-groups/${groupId}/review`, { data: { decision: 'approve', fixes: [fix, ...created].map((f: { id: string; version: number }) => ({ id: f.id, version: f.version })) } })
  expect(own.status()).toBe(403)
})

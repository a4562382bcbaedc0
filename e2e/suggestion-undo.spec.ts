import type { Page } from '@playwright/test'
import { expect, test, signIn, importArticle, noViolations } from './fixtures'

// Long walks, each waiting for the checks first.
test.describe.configure({ timeout: 150_000 })

// Written for this spec: three spinner phrases, a doubled word and a scraped share bar.
const BODY =
  'PORTVALE (Desk) – The Portvale council on Wednesday approved a cycle lane along the harbour and also a bike rental scheme, councillor Mira Sandoval said.\n\n' +
  'The lane would certainly be three kilometres long and should open in the spring, the the council said.\n\n' +
  'The plan has actually been argued over for years, Sandoval said.\n\nShare this:\nAdvertisement'

/** The annotate page with only suggestions in the sidebar, the focus on the page (not in a field). */
async function openSuggestions(page: Page, title: string) {
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `${title} ${Date.now()}`, BODY)
  await page.goto(`/articles/${id}`)
  const panel = page.getByTestId('suggestions')
  // The checks run after the page is shown (harper.js's first start on a busy machine takes a while).
  await expect(panel.getByRole('heading')).toHaveText(/Suggestions \(\d+\)/, { timeout: 60_000 })
  await page.getByLabel('Filter by kind').selectOption('suggestion')
  await page.locator('body').click({ position: { x: 1, y: 1 } })
  return { id, panel, count: async () => Number((await panel.getByRole('heading').innerText()).match(/\((\d+)\)/)![1]) }
}

const selected = (page: Page) => page.getByTestId('suggestions').locator('[data-testid="suggestion"][aria-current="true"]')

test('X dismisses and Z undoes it within seconds; a double tap or a held key decides one; the Dismissed filter lists it and Restore brings it back', async ({ page }) => {
  const { id, panel, count } = await openSuggestions(page, 'Portvale undo')
  const total = await count()
  expect(total).toBeGreaterThanOrEqual(4)

  // J to the first ("and also"), X dismisses it: the toast offers Undo, the announcer says how.
  await page.keyboard.press('j')
  await expect(selected(page)).toContainText('and also')
  const first = await selected(page).getAttribute('data-id')
  await page.keyboard.press('x')
  await expect(page.getByTestId('annotator-message')).toHaveText('Suggestion dismissed.')
  const toast = page.getByTestId('undo-toast')
  await expect(toast).toContainText('Dismissed the suggestion on “and also”.')
  await expect(toast.getByRole('button', { name: 'Undo (Z)' })).toBeVisible()
  await expect(page.getByTestId('announcer')).toHaveText('Suggestion dismissed. Press Z to undo.')
  await expect(panel.getByRole('heading')).toHaveText(`Suggestions (${total - 1})`)
  await expect(selected(page)).not.toHaveAttribute('data-id', first!) // the selection moved on to the next one
  await page.screenshot({ path: test.info().outputPath('undo-toast.png') })
  await page.keyboard.press('z')
  await expect(page.getByTestId('annotator-message')).toHaveText('Undone: the suggestion on “and also” is open again.')
  await expect(toast).toHaveCount(0)
  await expect(panel.getByRole('heading')).toHaveText(`Suggestions (${total})`)
  await expect(selected(page)).toHaveAttribute('data-id', first!) // back, and selected again
  // A second Z has nothing to undo.
  await page.keyboard.press('z')
  await expect(panel.getByRole('heading')).toHaveText(`Suggestions (${total})`)

  // A double tap on X: one suggestion dismissed, not two (the second press lands on the next one).
  await page.keyboard.press('x')
  await page.keyboard.press('x')
  await expect(page.getByTestId('annotator-message')).toHaveText('Suggestion dismissed.')
  await page.waitForTimeout(800) // anything a second press set off would have landed by now
  await expect(panel.getByRole('heading')).toHaveText(`Suggestions (${total - 1})`)
  const afterTap = await (await page.request.get(`/api/articles/${id}/suggestions?status=dismissed`)).json()
  expect(afterTap.suggestions.map((s: { id: string }) => s.id)).toEqual([first])

  // A held X (the key repeating) on the next one: one decision too.
  await page.waitForTimeout(700)
  await page.keyboard.down('x')
  await page.keyboard.down('x')
  await page.keyboard.down('x')
  await page.keyboard.up('x')
  await expect(panel.getByRole('heading')).toHaveText(`Suggestions (${total - 2})`)
  await page.waitForTimeout(800)
  await expect(panel.getByRole('heading')).toHaveText(`Suggestions (${total - 2})`)

  // The Dismissed filter lists both, with who dismissed them; Restore brings one back.
  const view = panel.getByRole('group', { name: 'Which suggestions' })
  await view.getByRole('button', { name: 'Dismissed' }).click()
  await expect(view.getByRole('button', { name: 'Dismissed' })).toHaveAttribute('aria-pressed', 'true')
  const items = panel.getByTestId('dismissed-suggestion')
  await expect(items).toHaveCount(2)
  const andAlso = items.filter({ hasText: 'and also' })
  await expect(andAlso).toContainText('Dismissed by Demo Editor')
  await page.setViewportSize({ width: 390, height: 844 })
  await andAlso.scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('dismissed-390.png'), fullPage: false })
  await page.setViewportSize({ width: 1280, height: 800 })
  await noViolations(page, 'the dismissed suggestions', '[data-testid="suggestions"]')
  await andAlso.getByRole('button', { name: 'Restore the suggestion on “and also”' }).click()
  await expect(page.getByTestId('annotator-message')).toHaveText('Restored: the suggestion on “and also” is open again.')
  await expect(items).toHaveCount(1)
  await view.getByRole('button', { name: 'Open' }).click()
  await expect(panel.getByTestId('suggestion').filter({ hasText: 'and also' })).toHaveCount(1)
  await expect(panel.getByRole('heading')).toHaveText(`Suggestions (${total - 1})`)

  // Every decision and every undo is in the article's history.
  const history = await (await page.request.get(`/api/articles/${id}/history`)).json()
  const actions = history.events.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith('suggestion.'))
  expect(actions).toEqual(['suggestion.dismiss', 'suggestion.undo', 'suggestion.dismiss', 'suggestion.dismiss', 'suggestion.restore'])
})

test('A accepts and Z undoes it (the fix goes); the toast’s button undoes by keyboard too; once a reviewer approved the fix, undo is refused with the reason', async ({ page, browser }) => {
  const { id, panel, count } = await openSuggestions(page, 'Portvale accept')
  const total = await count()
  await page.keyboard.press('j')
  await expect(selected(page)).toContainText('and also')
  await page.keyboard.press('a')
  await expect(page.getByTestId('annotator-message')).toHaveText('Accepted: “and also” → “and” is an open fix, waiting for review.')
  const fix = page.locator('.article-text [data-kinds~="error"]', { hasText: 'and also' })
  await expect(fix).toHaveCount(1)
  await expect(page.getByTestId('undo-toast')).toContainText('Accepted the suggestion on “and also”.')
  await page.keyboard.press('z')
  await expect(page.getByTestId('annotator-message')).toHaveText('Undone: the suggestion on “and also” is open again, and the fix it became is deleted.')
  await expect(fix).toHaveCount(0)
  await expect(panel.getByRole('heading')).toHaveText(`Suggestions (${total})`)
  await expect(selected(page)).toContainText('and also')

  // Enter accepts again; Tab to the toast's Undo button and press it: the same undo.
  await page.keyboard.press('Enter')
  await expect(fix).toHaveCount(1)
  const undo = page.getByTestId('undo-toast').getByRole('button', { name: 'Undo (Z)' })
  await undo.focus()
  await page.keyboard.press('Enter')
  await expect(fix).toHaveCount(0)
  await expect(page.getByTestId('undo-toast')).toHaveCount(0)
  // The focus is not lost with the button: it is on the story.
  await expect(page.getByTestId('article-text')).toBeFocused()

  // Accepted again, and approved by a reviewer before the undo: the server refuses, the page says why.
  const reviewerContext = await browser.newContext()
  const reviewer = await reviewerContext.newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  await page.keyboard.press('a')
  await expect(fix).toHaveCount(1)
  const fixId = (await (await page.request.get(`/api/articles/${id}/annotations`)).json()).annotations.find((a: { exact: string }) => a.exact === 'and also').id
  expect((await reviewer.request.post(`/api/annotations/${fixId}/review`, { data: { decision: 'approve' } })).status()).toBe(200)
  await reviewerContext.close()
  await page.keyboard.press('z')
  await expect(page.getByTestId('annotator-message')).toContainText('Could not undo: This suggestion cannot be undone: the fix it became was approved since.')
  await expect(fix).toHaveCount(1)
})

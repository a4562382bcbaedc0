import type { Page } from '@playwright/test'
import { expect, test, signIn, importArticle, noViolations } from './fixtures'

// Written for this spec: three wrong words, one fix each.
const BODY = 'Councillor Mira Sandovel opened the harbour lane on Wensday. It is three kilometers long.'
const FIXES: Array<[string, string]> = [
  ['Sandovel', 'Sandoval'],
  ['Wensday', 'Wednesday'],
  ['kilometers', 'kilometres'],
]

/** An editor's article with FIXES proposed; a reviewer's page on its review queue. */
async function queueOfThree(page: Page, browser: import('@playwright/test').Browser, title: string) {
  const editor = await browser.newContext({ baseURL: test.info().project.use.baseURL })
  const editorPage = await editor.newPage()
  await signIn(editorPage, 'editor@galley.test')
  const id = await importArticle(editorPage, `${title} ${Date.now()}`, BODY)
  for (const [exact, correction] of FIXES) {
    const start = BODY.indexOf(exact)
    const res = await editorPage.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', start, end: start + exact.length, exact, correction, category: 'fact', revision: 1 } })
    expect(res.status()).toBe(201)
  }
  await editor.close()
  await signIn(page, 'reviewer@galley.test')
  await page.goto(`/review?article=${id}`)
  await expect(page.getByTestId('queue-item')).toHaveCount(3)
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
  return id
}

const statuses = async (page: Page, id: string) => {
  const list = (await (await page.request.get(`/api/articles/${id}/annotations`)).json()).annotations as Array<{ exact: string; status: string }>
  return Object.fromEntries(list.map((a) => [a.exact, a.status]))
}

test('A approves and Z takes it back within seconds: the fix is open again, where it was, with the keys on it; the history says both', async ({ page, browser }) => {
  const id = await queueOfThree(page, browser, 'Undo a review')
  const active = page.locator('[data-testid="queue-item"].ring-1')
  await expect(active).toContainText('Sandovel')

  await page.keyboard.press('a')
  await expect(page.getByTestId('review-outcome')).toContainText('Approved: “Sandovel” → “Sandoval”. Press Z to undo.')
  const toast = page.getByTestId('undo-toast')
  await expect(toast).toContainText('Approved “Sandovel”.')
  await expect(page.getByTestId('queue-item')).toHaveCount(2)
  await expect(active).toContainText('Wensday')
  await noViolations(page, 'the review queue with the undo bar')

  await page.keyboard.press('z')
  await expect(page.getByTestId('review-outcome')).toContainText('Took back the approval: “Sandovel” is open for review again.')
  await expect(toast).toBeHidden()
  await expect(page.getByTestId('queue-item')).toHaveCount(3)
  await expect(page.getByTestId('queue-item').first()).toContainText('Sandovel')
  await expect(active).toContainText('Sandovel')
  expect(await statuses(page, id)).toEqual({ Sandovel: 'open', Wensday: 'open', kilometers: 'open' })

  // R rejects it; the bar's button takes that back too. A reload shows the server's state.
  await page.keyboard.press('r')
  await expect(page.getByTestId('queue-item')).toHaveCount(2)
  await toast.getByRole('button', { name: 'Undo (Z)' }).click()
  await expect(page.getByTestId('review-outcome')).toContainText('Took back the rejection')
  await page.reload()
  await expect(page.getByTestId('queue-item')).toHaveCount(3)

  const history = (await (await page.request.get(`/api/articles/${id}/history`)).json()).events.map((e: { description: string }) => e.description)
  expect(history.slice(-4)).toEqual([
    'approved the fix “Sandovel” → “Sandoval”',
    'took back their approval of the fix “Sandovel” → “Sandoval”: it is open for review again',
    'rejected the fix “Sandovel” → “Sandoval”',
    'took back their rejection of the fix “Sandovel” → “Sandoval”: it is open for review again',
  ])
})

test('a double tap on A approves one fix, not two; the undo bar goes after its seconds and Z then does nothing', async ({ page, browser }) => {
  const id = await queueOfThree(page, browser, 'Double tap review')
  await page.keyboard.press('a')
  await page.keyboard.press('a')
  await expect(page.getByTestId('review-outcome')).toContainText('Approved: “Sandovel”')
  // The second A landed on "Wensday" within the double-tap time: it was no decision.
  await expect(page.getByTestId('queue-item')).toHaveCount(2)
  expect(await statuses(page, id)).toEqual({ Sandovel: 'approved', Wensday: 'open', kilometers: 'open' })
  // A deliberate A on the next fix, later, decides it.
  await page.waitForTimeout(700)
  await page.keyboard.press('a')
  await expect(page.getByTestId('review-outcome')).toContainText('Approved: “Wensday”')
  await expect(page.getByTestId('undo-toast')).toBeHidden({ timeout: 15_000 })
  await page.keyboard.press('z')
  await expect(page.getByTestId('queue-item')).toHaveCount(1)
  expect(await statuses(page, id)).toEqual({ Sandovel: 'approved', Wensday: 'approved', kilometers: 'open' })
})

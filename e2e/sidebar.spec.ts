import type { Browser, Page } from '@playwright/test'
import { DEMO_BODY, dragOver, expect, importArticle, signIn, test } from './fixtures'

/**
 * The desk in a person's hands (issue 22): the live notice says only others' changes and shows
 * them; a rejected fix says why on its card; the editor's work and the filter come first, and a
 * click in the text brings its card into view; counts, quotes and dates read the same everywhere.
 */

async function person(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await signIn(page, email)
  return page
}

/** Code-point offsets of the `nth` `needle` in the demo article. */
function span(needle: string, nth = 0) {
  let i = -1
  for (let k = 0; k <= nth; k++) i = DEMO_BODY.indexOf(needle, i + 1)
  if (i < 0) throw new Error(`"${needle}" is not in the demo article`)
  const start = [...DEMO_BODY.slice(0, i)].length
  return { start, end: start + [...needle].length, exact: needle }
}

/** The page's refetch of its annotations (after a live event). */
const refetched = (page: Page, id: string) => page.waitForResponse((r) => r.url().endsWith(`/api/articles/${id}/annotations`) && r.request().method() === 'GET')

test('one’s own saves raise no notice; a colleague’s change does, and clicking it shows exactly that change', async ({ page, browser }) => {
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Own saves ${Date.now()}`)
  await page.goto(`/articles/${id}`)
  await page.getByLabel('Filter by kind').selectOption('annotations')
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
  await expect(page.getByTestId('presence')).toHaveText('No one else has this article open.')

  // A claim saved with the pointer on the side panel (the Save button is there): its own live
  // event makes the page refetch, and that is no one else's change.
  await dragOver(page, 'consistently denied')
  await page.getByRole('button', { name: 'Claim (C)' }).click()
  const ownRefetch = refetched(page, id)
  await page.getByRole('button', { name: 'Save' }).click()
  await page.getByTestId('sidebar').hover()
  await ownRefetch
  await page.waitForTimeout(500) // the answer is on screen, or held, by now
  await expect(page.getByTestId('sidebar-item')).toHaveCount(1)
  await expect(page.getByTestId('held-updates')).toHaveCount(0)
  // An edit, saved the same way.
  await page.getByTestId('sidebar-item').click()
  await page.getByTestId('annotation-details').getByRole('button', { name: 'Edit' }).click()
  await page.getByLabel('Note').fill('Checked against the wire')
  const editRefetch = refetched(page, id)
  await page.getByRole('button', { name: 'Save' }).click()
  await page.getByTestId('sidebar').hover()
  await editRefetch
  await page.waitForTimeout(500)
  await expect(page.getByTestId('held-updates')).toHaveCount(0)

  // A colleague adds a claim while the pointer rests on the panel: that is held, and said.
  const reviewer = await person(browser, 'reviewer@galley.test')
  await reviewer.goto(`/articles/${id}`)
  await expect(page.getByTestId('presence')).toHaveText('Also here: Demo Reviewer', { timeout: 20_000 })
  await page.getByTestId('sidebar-item').hover()
  const theirs = await reviewer.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'claim', ...span('Blacklisted Chinese') } })
  expect(theirs.status()).toBe(201)
  const notice = page.getByTestId('held-updates')
  await expect(notice).toHaveText('Demo Reviewer changed 1 annotation — show it')
  await expect(page.getByTestId('sidebar-item')).toHaveCount(1) // the list does not move under the pointer
  // Clicking shows exactly that change: the list holds just it, marked, and it is selected.
  await notice.click()
  await expect(notice).toHaveCount(0)
  await expect(page.getByTestId('changed-view')).toContainText('Showing what Demo Reviewer changed: 1 annotation.')
  const items = page.getByTestId('sidebar-item')
  await expect(items).toHaveCount(1)
  await expect(items).toHaveAttribute('data-id', (await theirs.json()).id)
  await expect(items).toHaveAttribute('aria-current', 'true')
  await expect(items.getByTestId('changed-mark')).toHaveText('Added by Demo Reviewer')
  await page.getByRole('button', { name: 'Show all annotations' }).click()
  await expect(page.getByTestId('sidebar-item')).toHaveCount(2)
  await expect(page.getByTestId('changed-mark')).toHaveCount(0)

  // The same person in another tab is someone else to this tab: said as “You (in another tab)”.
  const otherTab = await page.context().newPage()
  await otherTab.goto(`/articles/${id}`)
  await page.getByTestId('sidebar-item').first().hover()
  const mine = await otherTab.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'claim', ...span('Vincent Pain') } })
  expect(mine.status()).toBe(201)
  await expect(notice).toHaveText('You (in another tab) changed 1 annotation — show it')
  await notice.click()
  await expect(items).toHaveCount(1)
  await expect(items).toHaveAttribute('data-id', (await mine.json()).id)
  await expect(items.getByTestId('changed-mark')).toHaveText('Added by You (in another tab)')
  await otherTab.close()
})

test('a rejected fix says on its card and in its tooltip who rejected it and why, live', async ({ page, browser }) => {
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Rejected fix ${Date.now()}`)
  const fix = await (await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', ...span('Pain'), correction: 'Pang', category: 'name' } })).json()
  await page.goto(`/articles/${id}`)
  await page.getByLabel('Filter by kind').selectOption('annotations')
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
  await expect(page.getByTestId('review-decision')).toHaveCount(0)
  await page.getByTestId('article-text').hover() // not over the panel: changes appear at once

  const reviewer = await person(browser, 'reviewer@galley.test')
  const res = await reviewer.request.post(`/api/annotations/${fix.id}/review`, { data: { decision: 'reject', comment: 'The wire spells it Pain', version: fix.version } })
  expect(res.status()).toBe(200)
  // Without a reload: the card says the decision, who made it, why, and when.
  const card = page.getByTestId('sidebar-item').filter({ has: page.getByTestId('review-decision') })
  await expect(card.getByTestId('review-decision')).toHaveText(/^Rejected by Demo Reviewer: “The wire spells it Pain” · \d{1,2} [A-Z][a-z]{2} \d{4}$/)
  await expect(card).toContainText('rejected')
  // The highlight's tooltip and label say it too.
  const mark = page.locator(`.article-text [data-ids~="${fix.id}"]`)
  await expect(mark).toHaveAttribute('aria-label', 'Error, rejected: “Pain” should read “Pang”. Rejected by Demo Reviewer: “The wire spells it Pain”')
  await mark.hover()
  await expect(mark).toHaveAttribute('title', /Rejected by Demo Reviewer: “The wire spells it Pain”/)
  // And after a reload, from the page's first render.
  await page.reload()
  await expect(page.getByTestId('review-decision')).toContainText('Rejected by Demo Reviewer: “The wire spells it Pain”')
})

test('the editor’s annotations and the filter come first, suggestions after; a click on a fix in the text brings its card into view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Sidebar order ${Date.now()}`)
  // Enough annotations that the list is longer than the panel: a claim on each of 24 long words, then a fix near the end.
  const words = [...new Set(DEMO_BODY.slice(0, DEMO_BODY.length - 400).match(/\b[a-z]{9,}\b/g))].slice(0, 24)
  const taken: Array<[number, number]> = []
  for (const w of words) {
    const s = span(w)
    if (taken.some(([a, b]) => s.start < b && a < s.end)) continue
    taken.push([s.start, s.end])
    expect((await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'claim', ...s } })).status()).toBe(201)
  }
  const tail = DEMO_BODY.slice(DEMO_BODY.length - 300).match(/\b[A-Za-z]{6,}\b/)![0]
  const last = span(tail, DEMO_BODY.split(tail).length - 2)
  const fix = await (await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', ...last, correction: `${tail}s`, category: 'spelling' } })).json()
  expect(fix.id).toBeTruthy()
  await page.goto(`/articles/${id}`)
  await expect(page.getByTestId('suggestions')).not.toContainText('checking…', { timeout: 30_000 })

  // Order in the panel: the filter, then the annotations, then the suggestions, then the sources.
  const top = async (testId: string) => (await page.getByTestId(testId).first().boundingBox())!.y
  const filterTop = (await page.getByLabel('Filter by kind').boundingBox())!.y
  expect(filterTop).toBeLessThan(await top('sidebar-item'))
  expect(await top('sidebar')).toBeLessThan(await top('suggestions'))
  expect(await top('suggestions')).toBeLessThan(await top('sources-panel'))
  await expect(page.getByRole('heading', { name: /^Annotations \(\d+\)$/ })).toBeVisible()

  // The last fix's card is out of the panel's view until its words are clicked in the text.
  const card = page.locator(`[data-testid="sidebar-item"][data-id="${fix.id}"]`)
  await expect(card).toBeAttached()
  await expect(card).not.toBeInViewport()
  await page.locator(`.article-text [data-ids~="${fix.id}"]`).first().click()
  await expect(card).toHaveAttribute('aria-current', 'true')
  await expect(card).toBeInViewport()
  await page.screenshot({ path: test.info().outputPath('sidebar-order.png') })
})

test('counts, quotes, dates and the history read right: “1 claim”, one pair of marks, 6 Dec 2026, which fix was approved', async ({ page, browser }) => {
  await signIn(page, 'editor@galley.test')
  const title = `Wording ${Date.now()}`
  const id = await importArticle(page, title)
  await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'claim', ...span('consistently denied') } })
  const quoted = '“They have actually shown rate of interest,”'
  await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'quote', ...span(quoted), speaker: 'Pain' } })
  const fix = await (await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', ...span('Pain'), correction: 'Pang', category: 'name' } })).json()
  await page.request.post(`/api/annotations/${fix.id}/comments`, { data: { body: 'Checked with the wire.' } })
  const reviewer = await person(browser, 'reviewer@galley.test')
  expect((await reviewer.request.post(`/api/annotations/${fix.id}/review`, { data: { decision: 'approve', comment: 'Per the company bio.', version: fix.version } })).status()).toBe(200)
  expect((await page.request.post(`/api/articles/${id}/publish`)).status()).toBe(200)

  // The article list: one claim is "1 claim"; its date is "6 Dec 2026".
  await page.goto('/articles')
  const row = page.getByRole('listitem').filter({ hasText: title })
  await expect(row.getByTestId('article-counts')).toContainText('1 claim')
  await expect(row.getByTestId('article-counts')).not.toContainText('1 claims')
  await expect(row.getByTestId('article-counts')).toContainText('1 quote')
  await expect(row.locator('time')).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/)
  await expect(row.locator('time')).toHaveAttribute('title', /^[A-Z][a-z]+ \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}:\d{2} UTC$/)

  // The sidebar: a quote that has its own marks gets no second pair.
  await page.goto(`/articles/${id}`)
  await page.getByLabel('Filter by kind').selectOption('quote')
  await expect(page.getByTestId('sidebar-item')).toContainText(quoted)
  await expect(page.getByTestId('sidebar-item')).not.toContainText('““')

  // History: which fix, no "fix(es)", no doubled marks or stops, dates as on the list (with the time).
  await page.goto(`/articles/${id}/history`)
  const history = page.getByTestId('history')
  await expect(history).toContainText('Demo Reviewer approved the fix “Pain” → “Pang”, saying “Per the company bio.”')
  await expect(history).toContainText('published 1 approved fix as revision 2.')
  await expect(history).toContainText(`marked a quote by Pain: ${quoted}`)
  await expect(history).toContainText('commented: Checked with the wire.')
  const text = (await history.textContent()) ?? ''
  expect(text).not.toMatch(/\((es|s)\)|““|””|(?<!\.)\.\.(?!\.)/)
  for (const t of await history.locator('time').all()) await expect(t).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/)

  // Revisions: the same date form, not 06/12/2026.
  await page.goto(`/articles/${id}/revisions`)
  for (const t of await page.locator('main time').all()) await expect(t).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/)
  await expect(page.locator('main')).not.toContainText(/\d{2}\/\d{2}\/\d{4}/)
})

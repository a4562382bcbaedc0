import type { Page } from '@playwright/test'
import { expect, importArticle, signIn, test } from './fixtures'

/** A long story (so the page scrolls), with one word to mark near its top and one near its end. */
const PARAGRAPHS = Array.from({ length: 80 }, (_, i) => `Paragraph ${i + 1} of the council report says the bridge was inspected in spring and found sound by the engineers.`)
PARAGRAPHS[3] = 'The mayor, Vincent Pain, opened the bridge on Friday.'
PARAGRAPHS[74] = 'The bridge cost 5 million dollars in the end.'
const BODY = PARAGRAPHS.join('\n\n')

async function mark(page: Page, id: string, kind: 'claim' | 'error', words: string, extra: Record<string, unknown> = {}) {
  const start = BODY.indexOf(words)
  const res = await page.request.post(`/api/articles/${id}/annotations`, { data: { kind, start, end: start + words.length, exact: words, revision: 1, ...extra } })
  expect(res.status()).toBe(201)
  return (await res.json()) as { id: string; version: number }
}

/** The strip's path for one lane and state (the SVG is drawn on the server, with the page). */
const path = (page: Page, lane: string, state: string) => page.getByTestId('overview-strip').locator(`path[data-lane="${lane}"][data-state="${state}"]`)

test('the overview strip shows where the marks are, coloured by state, and a click jumps to one', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 800 })
  await signIn(page, 'editor@galley.test')
  const title = `Overview ${Date.now()}`
  const id = await importArticle(page, title, BODY)
  await mark(page, id, 'claim', 'The mayor, Vincent Pain, opened the bridge on Friday.')
  const late = await mark(page, id, 'error', '5 million', { correction: '4 million', category: 'fact' })
  await page.goto(`/articles/${id}`)
  await expect(page.getByTestId('progress-line')).toHaveText('1 fix: 1 open, 0 reviewed (0 approved, 0 rejected), 0 published · 0 suggestions waiting')

  const strip = page.getByTestId('overview-strip')
  await expect(strip).toHaveAttribute('data-drawn', 'true')
  await expect(strip).toHaveAttribute('data-marks', '2')
  // The viewport is marked at the top of the strip: the page opens at the top of the story.
  const viewport = page.getByTestId('overview-viewport')
  await expect(viewport).toBeVisible()
  const top = async () => viewport.evaluate((v) => parseFloat((v as HTMLElement).style.top))
  expect(await top()).toBeLessThan(5)

  // The error near the end is drawn in the errors' lane, where it is in the text, in the colour
  // of an open fix; the claim near the top in the claims' lane.
  const length = [...BODY].length
  const fraction = BODY.indexOf('5 million') / length
  const stroke = (words: string) => {
    const y0 = Math.floor((BODY.indexOf(words) / length) * 1000)
    return `${y0}v${Math.max(y0, Math.round(((BODY.indexOf(words) + words.length) / length) * 1000)) - y0}`
  }
  await expect(path(page, 'error', 'open')).toHaveAttribute('d', `M16 ${stroke('5 million')}`)
  await expect(path(page, 'error', 'open')).toHaveAttribute('stroke', '#c2410c')
  await expect(path(page, 'claim', 'open')).toHaveAttribute('d', `M4 ${stroke('The mayor, Vincent Pain, opened the bridge on Friday.')}`)

  // A click on it jumps there: it is selected, on screen, and the viewport mark follows.
  const box = (await strip.boundingBox())!
  await strip.click({ position: { x: 16, y: fraction * box.height + 1 } })
  await expect(page.getByTestId('sidebar-item').filter({ hasText: '5 million' })).toHaveAttribute('aria-current', 'true')
  await expect(page.locator(`.article-text [data-ids~="${late.id}"]`)).toBeInViewport()
  await expect.poll(top).toBeGreaterThan(60)
  await expect(strip).toHaveAttribute('aria-valuetext', /^2 of 2: Error, open: “5 million” should read “4 million”/)

  // From the keyboard: Home goes to the first mark (the claim near the top), Page Down ten on
  // (here, to the last), Page Up back.
  await strip.focus()
  await page.keyboard.press('Home')
  await expect(strip).toHaveAttribute('aria-valuetext', /^1 of 2: Claim, open/)
  await page.keyboard.press('PageDown')
  await expect(strip).toHaveAttribute('aria-valuetext', /^2 of 2: Error/)
  await page.keyboard.press('PageUp')
  await expect(strip).toHaveAttribute('aria-valuetext', /^1 of 2: Claim/)
  // It follows the sidebar's filters.
  await page.getByLabel('Filter by kind').selectOption('error')
  await expect(strip).toHaveAttribute('data-marks', '1')
  await expect(path(page, 'claim', 'open')).toHaveCount(0)
  await page.getByLabel('Filter by kind').selectOption('all')
  await expect(strip).toHaveAttribute('data-marks', '2')
  await strip.focus()
  await expect(page.locator('.article-text [data-kinds~="claim"]').first()).toBeInViewport()
  await expect.poll(top).toBeLessThan(20)

  // An approval elsewhere recolours the mark (the page is live).
  const review = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL })
  const reviewer = await review.newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  expect((await reviewer.request.post(`/api/annotations/${late.id}/review`, { data: { decision: 'approve', version: late.version } })).status()).toBe(200)
  await expect(path(page, 'error', 'approved')).toHaveAttribute('stroke', '#1d4ed8')
  await expect(path(page, 'error', 'open')).toHaveCount(0)
  await review.close()
  // The progress line followed: the fix is reviewed now, on the page and on the article list.
  await expect(page.getByTestId('progress-line')).toHaveText('1 fix: 0 open, 1 reviewed (1 approved, 0 rejected), 0 published · 0 suggestions waiting')
  await page.goto('/articles')
  await expect(page.getByRole('listitem').filter({ hasText: title }).getByTestId('progress-line')).toHaveText('1 fix: 0 open, 1 reviewed (1 approved, 0 rejected), 0 published · 0 suggestions waiting')
})

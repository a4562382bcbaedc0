import type { Page } from '@playwright/test'
import { dragOver, expect, importArticle, signIn, test, noViolations } from './fixtures'

/**
 * Half-written forms (issue 22, item 5): a typed correction and note are kept as a draft per person,
 * article and span — through Escape, a reload, Back and an in-app link — and leaving with unsaved
 * text is asked first. The sidebar's filter and scroll survive Back/Forward. And "/" pressed before
 * the page is interactive still reaches the search box (item 12).
 */

/** The keys of this article's drafts in the browser's storage. */
async function draftKeys(page: Page, articleId: string) {
  return page.evaluate((id) => Object.keys(localStorage).filter((k) => k.startsWith('galley.draft.') && k.includes(`.${id}.`)), articleId)
}

const SHOTS = process.env.GALLEY_SHOTS // a folder: the spec leaves screenshots there to look at

test('a half-written correction survives Escape, a reload and Back, is asked about before leaving, and is gone once saved', async ({ page }) => {
  test.setTimeout(150_000)
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Drafts ${Date.now()}`)
  await page.goto('/articles')
  await page.goto(`/articles/${id}`)
  await expect(page.getByTestId('article-text')).toContainText('Vincent Pain, senior vice head of state')
  const form = page.getByTestId('annotation-form')
  const correction = form.getByLabel(/Correction/)
  const note = form.getByLabel('Note')

  // ── Type a correction and a note, then Escape: the form closes, the draft is kept and said so.
  await dragOver(page, 'Pain')
  await page.getByRole('button', { name: 'Error (E)' }).click()
  await correction.fill('Pang')
  await note.fill('The wire copy and the ministry both say Pang.')
  await expect(form.getByTestId('draft-kept')).toBeVisible()
  const scrollBefore = await page.evaluate(() => window.scrollY)
  await page.keyboard.press('Escape')
  await expect(form).toBeHidden()
  await expect(page.getByTestId('annotator-message')).toContainText('Not saved: your error is kept as a draft in this browser')
  await page.waitForTimeout(300) // the guard history entry is taken off (a same-page Back)
  expect(await page.evaluate(() => window.scrollY), 'the page does not jump').toBe(scrollBefore)
  await expect(page).toHaveURL(new RegExp(`/articles/${id}$`))
  await expect(page.getByTestId('drafts').getByTestId('draft')).toHaveText(/A new error on “Pain”/)

  // Selecting the same words again: the toolbar says there is a draft, and E brings it back.
  await dragOver(page, 'Pain')
  await expect(page.getByRole('button', { name: /Error \(E\)/ })).toContainText('draft')
  await page.keyboard.press('e')
  await expect(form.getByTestId('draft-restored')).toContainText('Draft restored')
  await expect(correction).toHaveValue('Pang')
  await expect(note).toHaveValue('The wire copy and the ministry both say Pang.')
  if (SHOTS) {
    await page.screenshot({ path: `${SHOTS}/draft-restored.png` })
    await page.setViewportSize({ width: 390, height: 844 })
    await form.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/draft-restored-390.png` })
    await page.setViewportSize({ width: 1280, height: 720 })
  }

  // ── Reload: the browser asks first; after it, the form is back as it was.
  const asked: string[] = []
  const answer = (d: import('@playwright/test').Dialog) => {
    asked.push(d.type())
    void d.accept()
  }
  page.on('dialog', answer)
  await note.fill('The wire copy and the ministry both say Pang. Checked twice.')
  await page.reload()
  expect(asked).toEqual(['beforeunload'])
  await expect(form.getByTestId('draft-restored')).toBeVisible({ timeout: 20_000 })
  await expect(correction).toHaveValue('Pang')
  await expect(note).toHaveValue('The wire copy and the ministry both say Pang. Checked twice.')
  await expect(form.getByTestId('form-exact')).toHaveText('Pain')

  // ── Back: asked in the page's own dialog; Cancel stays with the form as it is.
  await note.press('Control+End') // the end of the text, not of its first wrapped line
  await note.pressSequentially(' Yes.')
  await page.goBack()
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('Your error is not saved')
  await expect(dialog.getByRole('button', { name: 'Leave page' })).toBeFocused()
  await expect(dialog).toHaveAccessibleName(/Leave this page\?/)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/leave-dialog.png` })
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(page).toHaveURL(new RegExp(`/articles/${id}$`))
  await expect(note).toHaveValue('The wire copy and the ministry both say Pang. Checked twice. Yes.')
  // …and a link inside the desk is asked about the same way.
  await page.getByRole('banner').getByRole('link', { name: 'Report' }).click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(page).toHaveURL(new RegExp(`/articles/${id}$`))
  await expect(note).toBeVisible()

  // Back again, and leave this time: the list of articles, with the draft kept for later.
  await page.goBack()
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Leave page' }).click()
  await expect(page).toHaveURL(/\/articles$/)
  expect(asked, 'leaving after the page asked: not asked again by the browser').toEqual(['beforeunload'])

  // ── Forward to the article: the form is back; Save; the draft is gone for good.
  await page.goForward()
  await expect(correction).toHaveValue('Pang', { timeout: 20_000 })
  await expect(note).toHaveValue('The wire copy and the ministry both say Pang. Checked twice. Yes.')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('annotator-message')).toHaveText('Error saved.')
  expect(await draftKeys(page, id)).toEqual([])
  await page.reload()
  await expect(page.getByTestId('sidebar-item').first()).toContainText('Pain → Pang')
  await expect(form).toBeHidden()
  await expect(page.getByTestId('drafts')).toBeHidden()
  expect(asked, 'nothing unsaved: a reload is not asked about').toEqual(['beforeunload'])
  page.off('dialog', answer)
})

test('a draft can be discarded, drafts are per person, and signing out deletes them (asked first)', async ({ page, browser }) => {
  test.setTimeout(90_000)
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Drafts discard ${Date.now()}`)
  await page.goto(`/articles/${id}`)
  const form = page.getByTestId('annotation-form')
  await dragOver(page, 'senior vice head of state')
  await page.keyboard.press('e')
  await form.getByLabel(/Correction/).fill('senior vice president')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('drafts').getByTestId('draft')).toHaveCount(1)
  await noViolations(page, 'the article with a draft listed')
  if (SHOTS) await page.getByTestId('drafts').screenshot({ path: `${SHOTS}/drafts-list.png` })

  // Resume from the list, then discard in the form: it starts again empty.
  await page.getByTestId('drafts').getByRole('button', { name: /^Resume the draft: a new error on “senior/ }).click()
  await expect(form.getByLabel(/Correction/)).toHaveValue('senior vice president')
  await expect(form.getByTestId('draft-restored')).toBeVisible()
  await noViolations(page, 'a form with its draft restored')
  await form.getByTestId('discard-draft').click()
  await expect(form.getByLabel(/Correction/)).toHaveValue('')
  await expect(form.getByLabel(/Correction/)).toBeFocused()
  await expect(form.getByTestId('draft-restored')).toBeHidden()
  expect(await draftKeys(page, id)).toEqual([])
  // Nothing typed: Escape closes without a word, and nothing is kept.
  await page.keyboard.press('Escape')
  await expect(form).toBeHidden()
  await expect(page.getByTestId('annotator-message')).toHaveText('Draft discarded.')
  await expect(page.getByTestId('drafts')).toBeHidden()

  // Another draft, then another person in the same browser profile does not see it.
  await dragOver(page, 'senior vice head of state')
  await page.keyboard.press('e')
  await form.getByLabel(/Correction/).fill('senior vice president')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('drafts')).toBeVisible()
  const state = await page.context().storageState()
  const other = await browser.newContext({ storageState: { cookies: [], origins: state.origins } })
  const admin = await other.newPage()
  await signIn(admin, 'admin@galley.test')
  await admin.goto(`/articles/${id}`)
  await expect(admin.getByTestId('article-text')).toContainText('senior vice head of state')
  // The editor's draft is in this browser's storage, and the page has run its scripts (the
  // suggestions are fetched after hydration, as the drafts are read): had drafts been kept per
  // article only, they would show by now.
  expect(await draftKeys(admin, id)).toHaveLength(1)
  await expect(admin.getByTestId('suggestions').getByRole('heading')).toHaveText(/Suggestions \(\d+\)/)
  await expect(admin.getByTestId('annotator-message')).toBeHidden()
  await expect(admin.getByTestId('drafts')).toBeHidden()
  await expect(admin.getByTestId('annotation-form')).toBeHidden()
  await other.close()

  // Signing out leaves no unsaved text on a shared computer: asked first, then every draft goes.
  await page.getByRole('button', { name: 'Sign out' }).click()
  const ask = page.getByRole('dialog')
  await expect(ask).toContainText('One annotation you started is not saved. Signing out deletes its draft from this browser.')
  await noViolations(page, 'the question before signing out with a draft')
  await ask.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByTestId('current-user')).toBeVisible()
  expect(await draftKeys(page, id)).toHaveLength(1)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await ask.getByRole('button', { name: 'Sign out and delete' }).click()
  await expect(page).toHaveURL(/\/signin/)
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('galley.draft.')))).toEqual([])
})

test('the sidebar keeps its filter and scroll position across Back and Forward', async ({ page }) => {
  test.setTimeout(90_000)
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Drafts sidebar ${Date.now()}`)
  await page.goto(`/articles/${id}`)
  const kind = page.getByLabel('Filter by kind')
  await kind.selectOption('suggestion')
  await expect(page).toHaveURL(new RegExp(`/articles/${id}\\?kind=suggestion$`))
  const aside = page.locator('aside').filter({ has: page.getByTestId('sidebar') })
  await expect(page.getByTestId('suggestion').first()).toBeVisible({ timeout: 20_000 })
  const scrolled = await aside.evaluate((el) => {
    el.scrollTop = Math.min(600, el.scrollHeight - el.clientHeight)
    return el.scrollTop
  })
  expect(scrolled, 'the panel is long enough to scroll').toBeGreaterThan(200)
  await page.waitForTimeout(400) // written once scrolling stops

  await page.getByRole('banner').getByRole('link', { name: 'Report' }).click()
  await expect(page).toHaveURL(/\/report$/)
  await page.goBack()
  await expect(kind).toHaveValue('suggestion')
  await expect.poll(() => aside.evaluate((el) => el.scrollTop), { timeout: 20_000 }).toBeGreaterThan(scrolled - 3)
  expect(await aside.evaluate((el) => el.scrollTop)).toBeLessThan(scrolled + 3)

  await page.goForward()
  await expect(page).toHaveURL(/\/report$/)
  await page.goBack()
  await expect(kind).toHaveValue('suggestion')
  await expect.poll(() => aside.evaluate((el) => el.scrollTop), { timeout: 20_000 }).toBeGreaterThan(scrolled - 3)

  // A reload keeps them too (the URL and the history entry outlive it).
  await page.reload()
  await expect(kind).toHaveValue('suggestion')
  await expect.poll(() => aside.evaluate((el) => el.scrollTop), { timeout: 20_000 }).toBeGreaterThan(scrolled - 3)
  // Back to all: the URL is clean again.
  await kind.selectOption('all')
  await expect(page).toHaveURL(new RegExp(`/articles/${id}$`))
})

test('"/" pressed before the page is interactive focuses the search box, and nothing typed is lost', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  // The page's scripts are held back (not its styles: the page is shown), so it is on screen but
  // not hydrated while the keys go in.
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  await page.route((url) => url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.js'), async (route) => {
    await held
    await route.continue()
  })
  await page.goto('/articles', { waitUntil: 'commit' })
  const search = page.getByTestId('search-box')
  // On screen: the header's inline script has run (it runs once the styles are in, as the page is
  // first painted); React has not.
  await page.waitForFunction(() => '__galleySlash' in window)
  expect(await page.evaluate(() => (window as { __galleySlash?: { ready?: boolean } }).__galleySlash?.ready ?? false), 'not hydrated yet').toBe(false)
  await page.keyboard.press('/')
  await page.keyboard.type('bridge')
  release()
  await page.waitForFunction(() => (window as { __galleySlash?: { ready?: boolean } }).__galleySlash?.ready === true, undefined, { timeout: 30_000 })
  await expect(search).toBeFocused()
  await expect(search).toHaveValue('bridge')
  // Hydrated, the box's own handler answers "/" (and the early one stands aside: one focus, no "/" typed).
  await page.getByTestId('article-list').or(page.locator('main')).first().click({ position: { x: 1, y: 1 } })
  await page.keyboard.press('/')
  await expect(search).toBeFocused()
  await expect(search).toHaveValue('bridge')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/search\?q=bridge/)
})

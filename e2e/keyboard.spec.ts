import type { Locator, Page } from '@playwright/test'
import { expect, PASSWORD, test } from './fixtures'

/**
 * The whole workflow from the keyboard alone: this spec never moves or clicks the mouse. After
 * every key, something has the focus (never the bare page) and its focus ring shows.
 */

/** The focused element, and whether it shows its focus (`:focus-visible`). */
async function focusState(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    return { nowhere: !el || el === document.body, visible: Boolean(el?.matches(':focus-visible')), what: el ? `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}` : 'nothing' }
  })
}

async function expectFocusShown(page: Page, after: string) {
  const f = await focusState(page)
  expect(f.nowhere, `after ${after}, the focus is on something (it is on ${f.what})`).toBe(false)
  expect(f.visible, `after ${after}, the focus on ${f.what} is visible`).toBe(true)
}

/** Press a key, then check the focus is somewhere and visible. */
async function press(page: Page, key: string) {
  await page.keyboard.press(key)
  await expectFocusShown(page, key)
}

/**
 * Tab (forwards) until `target` has the focus; every stop on the way shows its focus. Past the
 * page's last control the focus leaves the page for the browser's own (the page's focus is then
 * its body) and the next Tab comes back to the first control, as in any browser.
 */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return
    await page.keyboard.press('Tab')
    const f = await focusState(page)
    if (f.nowhere) continue
    expect(f.visible, `tabbing, the focus on ${f.what} is visible`).toBe(true)
  }
  throw new Error(`Tab never reached ${target}`)
}

const BODY = ['Vincent Pain opened the bridge on Friday.', '“We built it for everyone,” said the mayor.', 'The bridge cost 5 million dollars, the council said.'].join('\n\n')
const WIRE = BODY.replace('Pain', 'Pang').replace('5 million', '4 million')

async function signInByKeyboard(page: Page, email: string) {
  await page.goto('/signin')
  await tabTo(page, page.getByLabel('Email'))
  await page.keyboard.type(email)
  await press(page, 'Tab')
  await expect(page.getByLabel('Password')).toBeFocused()
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('current-user')).toContainText(email, { timeout: 20_000 })
}

async function signOutByKeyboard(page: Page) {
  await tabTo(page, page.getByRole('button', { name: 'Sign out' }))
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/signin/)
}

test('the whole workflow works from the keyboard alone, with the focus always visible and never lost', async ({ page }) => {
  test.setTimeout(150_000)
  const title = `Keyboard desk ${Date.now()}`

  // ── An editor signs in and imports the story ──────────────────────────────────────────────
  await signInByKeyboard(page, 'editor@galley.test')
  await tabTo(page, page.getByRole('link', { name: 'Import article' }))
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/articles\/new$/)
  await tabTo(page, page.getByLabel('Title', { exact: true }))
  await page.keyboard.type(title)
  await tabTo(page, page.getByRole('textbox', { name: /^Text/ }))
  await page.keyboard.insertText(BODY)
  await tabTo(page, page.getByRole('button', { name: 'Import', exact: true }))
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('article-title')).toHaveText(title, { timeout: 20_000 })
  const articleId = /\/articles\/([0-9a-f-]{36})/.exec(page.url())![1]

  // ── Attach the wire original: its differences become suggestions ──────────────────────────
  const attach = page.getByRole('button', { name: 'Attach a source' })
  await tabTo(page, attach)
  await press(page, 'Enter')
  await expect(page.getByTestId('source-form').getByLabel('Title')).toBeFocused()
  await page.keyboard.type('Wire original')
  await tabTo(page, page.getByTestId('source-form').getByRole('textbox', { name: /^Text/ }))
  await page.keyboard.insertText(WIRE)
  await tabTo(page, page.getByRole('button', { name: 'Attach', exact: true }))
  await press(page, 'Enter')
  await expect(page.getByTestId('source')).toContainText('Wire original')
  await expect(attach).toBeFocused() // the form closed: back to the button that opened it
  await expect(page.getByTestId('suggestion').filter({ hasText: '4' }).first()).toBeVisible({ timeout: 20_000 })

  // ── Mark an error: Ctrl+arrows move and select by word, E opens the form ───────────────────
  const text = page.getByTestId('article-text')
  await tabTo(page, text)
  await press(page, 'Control+ArrowRight') // the caret goes in at the top, then past "Vincent"
  await press(page, 'Control+Shift+ArrowRight') // selects "Pain"
  await expect(page.getByTestId('selection-toolbar')).toBeVisible()
  await press(page, 'e')
  await expect(page.getByTestId('form-exact')).toHaveText('Pain')
  await expect(page.getByLabel(/Correction/)).toBeFocused()
  await page.keyboard.type('Pang')
  await press(page, 'Enter')
  await expect(page.getByTestId('annotator-message')).toHaveText('Error saved.')
  await expect(text).toBeFocused() // back where the form was opened from
  await expect(page.getByTestId('announcer')).toHaveText(/Error saved\./)
  // The highlight says what it is, in its name and in the tag after it.
  await expect(page.getByRole('group', { name: 'Error, open: “Pain” should read “Pang”' })).toHaveText('Pain')

  // ── A quote: down a line, select its first words, Q ────────────────────────────────────────
  await press(page, 'ArrowDown')
  for (let i = 0; i < 3; i++) await press(page, 'Control+Shift+ArrowRight')
  await press(page, 'q')
  await expect(page.getByTestId('form-exact')).toContainText('We built')
  await expect(page.getByLabel('Speaker')).toBeFocused()
  await page.keyboard.type('the mayor')
  await press(page, 'Enter')
  await expect(page.getByTestId('annotator-message')).toHaveText('Quote saved.')
  await expect(text).toBeFocused()

  // ── A claim: the caret to the third paragraph, S selects its sentence, C ───────────────────
  await press(page, 'ArrowDown')
  await press(page, 'ArrowDown')
  await press(page, 's')
  await expect(page.getByTestId('selection-toolbar')).toBeVisible()
  await press(page, 'c')
  await expect(page.getByTestId('form-exact')).toHaveText('The bridge cost 5 million dollars, the council said.')
  await expect(page.getByRole('combobox', { name: 'Verdict' })).toBeFocused()
  await page.keyboard.press('ArrowDown') // a verdict other than "unverified"
  await tabTo(page, page.getByTestId('annotation-form').getByRole('button', { name: 'Save' }))
  await press(page, 'Enter')
  await expect(page.getByTestId('annotator-message')).toHaveText('Claim saved.')
  await expect(text).toBeFocused()

  // ── Accept the wire's "4 million": J walks annotations and suggestions, Enter accepts ──────
  const four = page.getByTestId('suggestion').filter({ hasText: '4' }).first()
  for (let i = 0; i < 8 && (await four.getAttribute('aria-current')) !== 'true'; i++) await press(page, 'j')
  await expect(four).toHaveAttribute('aria-current', 'true')
  await expect(page.getByTestId('announcer')).toContainText('Suggestion')
  await press(page, 'Enter')
  await expect(page.getByTestId('annotator-message')).toContainText('Accepted: “5” → “4”')
  await expectFocusShown(page, 'accepting a suggestion')

  // ── The overview strip: focus it, arrows jump from mark to mark ───────────────────────────
  const strip = page.getByTestId('overview-strip')
  await tabTo(page, strip)
  await press(page, 'Home')
  await expect(strip).toHaveAttribute('aria-valuetext', /^1 of \d+: Error, open: “Pain” should read “Pang”/)
  await press(page, 'ArrowDown')
  await expect(strip).toHaveAttribute('aria-valuetext', /^2 of /)

  // ── Comment on the error: select it with J, Tab to its comment box ─────────────────────────
  await tabTo(page, text)
  const selected = page.locator('[data-testid="sidebar-item"][aria-current="true"]')
  for (let i = 0; i < 8; i++) {
    await press(page, 'k')
    if ((await selected.count()) && (await selected.textContent())?.includes('Pang')) break
  }
  await expect(selected).toContainText('Pang')
  const details = selected.getByTestId('annotation-details')
  await tabTo(page, details.getByRole('textbox', { name: 'Comment' }))
  await page.keyboard.type('Checked against the wire.')
  await press(page, 'Enter')
  await expect(details).toContainText('Checked against the wire.')
  await expectFocusShown(page, 'commenting')

  // ── A reviewer approves both fixes in the queue: A, from the keyboard ──────────────────────
  await signOutByKeyboard(page)
  await signInByKeyboard(page, 'reviewer@galley.test')
  await page.goto(`/articles/${articleId}`)
  await tabTo(page, page.getByRole('link', { name: 'Review its fixes' }))
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/review\?article=/)
  await expect(page.getByTestId('queue-item')).toHaveCount(2)
  await tabTo(page, page.getByTestId('queue-item').first().getByRole('button', { name: 'Approve (A)' }))
  await press(page, 'Enter')
  await expect(page.getByTestId('review-outcome')).toContainText('Approved')
  await expect(page.getByTestId('review-outcome')).toBeFocused() // its button left with the fix
  await press(page, 'a')
  await expect(page.getByTestId('queue-item')).toHaveCount(0)
  await expectFocusShown(page, 'approving with A')

  // ── The editor publishes (the dialog traps the focus and gives it back) and exports ───────
  await signOutByKeyboard(page)
  await signInByKeyboard(page, 'editor@galley.test')
  await page.goto(`/articles/${articleId}`)
  const publish = page.getByRole('button', { name: 'Publish approved fixes (2)' })
  await tabTo(page, publish)
  await press(page, 'Enter')
  const dialog = page.getByTestId('publish-dialog')
  await expect(dialog.getByRole('button', { name: 'Publish', exact: true })).toBeFocused()
  for (let i = 0; i < 5; i++) {
    await press(page, 'Tab')
    expect(await dialog.evaluate((d) => d.contains(document.activeElement)), 'Tab stays inside the dialog').toBe(true)
  }
  await press(page, 'Escape')
  await expect(dialog).toBeHidden()
  await expect(publish).toBeFocused() // restored to the button that opened it
  await press(page, 'Enter')
  await expect(dialog.getByRole('button', { name: 'Publish', exact: true })).toBeFocused()
  await press(page, 'Enter')
  await expect(page.getByTestId('revise-message')).toContainText('Published 2 fixes')
  await expect(page.getByTestId('revise-message')).toBeFocused()

  const exportLink = page.getByTestId('export-links').getByRole('link', { name: 'Corrected text' })
  await tabTo(page, exportLink)
  const download = page.waitForEvent('download')
  await page.keyboard.press('Enter')
  const file = await (await download).path()
  const exported = (await import('node:fs')).readFileSync(file, 'utf8')
  expect(exported).toContain('Vincent Pang opened the bridge')
  expect(exported).toContain('The bridge cost 4 million dollars')
})

test('behind a confirmation the page’s keys do nothing, and a suggestion dismissed with its own button hands the focus to the text', async ({ page }) => {
  await signInByKeyboard(page, 'editor@galley.test')
  const res = await page.request.post('/api/articles', { data: { title: `Keyboard dialog ${Date.now()}`, body: BODY } })
  const { id } = await res.json()
  expect((await page.request.post(`/api/articles/${id}/sources`, { data: { title: 'Wire', kind: 'wire', body: WIRE } })).status()).toBe(201)
  await page.goto(`/articles/${id}`)
  const four = page.getByTestId('suggestion').filter({ hasText: '4' }).first()
  await expect(four).toBeVisible({ timeout: 20_000 })

  // Open the source's Remove dialog, press the page's keys: nothing behind it moves.
  await tabTo(page, page.getByRole('button', { name: 'Remove the source Wire' }))
  await press(page, 'Enter')
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  for (const key of ['j', 'j', 'c', 'x']) await press(page, key)
  await expect(page.locator('[data-testid="suggestion"][aria-current="true"]')).toHaveCount(0)
  await expect(page.getByTestId('annotation-form')).toHaveCount(0)
  await press(page, 'Escape')
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('source')).toHaveCount(1)

  // Select the suggestion, Tab to its Dismiss button, press it: the item goes, the focus does not.
  await tabTo(page, four.getByRole('button').first())
  await press(page, 'Enter')
  await tabTo(page, four.getByRole('button', { name: 'Dismiss (X)' }))
  await press(page, 'Enter')
  await expect(page.getByTestId('annotator-message')).toHaveText('Suggestion dismissed.')
  await expectFocusShown(page, 'dismissing with the button')
})

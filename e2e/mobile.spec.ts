import type { Locator, Page } from '@playwright/test'
import { dragOver, expect, importArticle, signIn, test, noViolations } from './fixtures'

/**
 * The desk in a person's hands: a 390 × 844 phone. No page scrolls sideways, the header's links
 * are behind a Menu, the selection toolbar never covers the selected words, and the annotation
 * form is a bottom sheet with the words in sight above it. Also on a desktop screen, the toolbar
 * keeps off the words and the form opens beside them.
 */

const PHONE = { width: 390, height: 844 }
// The rules e2e/a11y.spec.ts checks every page with.
type Box = { x: number; y: number; width: number; height: number }

/** The page is no wider than the screen: nothing to scroll sideways. */
async function fitsTheScreen(page: Page, where: string) {
  const { scroll, screen, widest } = await page.evaluate(() => {
    const screen = document.documentElement.clientWidth
    // For the failure message: the element reaching furthest right.
    let widest = ''
    let right = screen
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect().right + window.scrollX
      if (r > right + 0.5) {
        right = r
        widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className).split(' ').slice(0, 3).join('.')} (right ${Math.round(r)})`
      }
    }
    return { scroll: document.documentElement.scrollWidth, screen, widest }
  })
  expect(scroll, `${where} is ${scroll} px wide on a ${screen} px screen; widest: ${widest}`).toBeLessThanOrEqual(screen)
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** The selected words' rectangle on the screen (the browser's selection). */
function selectionBox(page: Page): Promise<Box> {
  return page.evaluate(() => {
    const r = window.getSelection()!.getRangeAt(0).getBoundingClientRect()
    return { x: r.left, y: r.top, width: r.width, height: r.height }
  })
}

/**
 * The rectangle of the first `needle` in the story, where it is now (no scrolling). The words may
 * run across several text nodes (a suggestion's or a highlight's span starts inside them).
 * `select`: also make them the browser's selection, as a touch selection's handles leave it.
 */
function wordsBox(page: Page, needle: string, { select = false } = {}): Promise<Box> {
  return page.getByTestId('article-text').evaluate(
    (root, { needle, select }) => {
      const nodes: Array<{ node: Text; from: number }> = []
      let text = ''
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        nodes.push({ node, from: text.length })
        text += node.data
      }
      const i = text.indexOf(needle)
      if (i < 0) throw new Error(`"${needle}" not found in the article`)
      const at = (k: number) => {
        const n = nodes.findLast((x) => x.from <= k)!
        return { node: n.node, offset: k - n.from }
      }
      const a = at(i)
      const b = at(i + needle.length)
      const range = document.createRange()
      range.setStart(a.node, a.offset)
      range.setEnd(b.node, b.offset)
      if (select) window.getSelection()!.setBaseAndExtent(a.node, a.offset, b.node, b.offset)
      const r = range.getBoundingClientRect()
      return { x: r.left, y: r.top, width: r.width, height: r.height }
    },
    { needle, select },
  )
}

/**
 * Drag the mouse across a rectangle of words where it is on the screen. Any earlier selection is
 * let go first (a press inside a selection would drag the selected text instead).
 */
async function dragAcross(page: Page, box: Box) {
  await page.evaluate(() => window.getSelection()?.removeAllRanges())
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + 1, y)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2, y, { steps: 3 })
  await page.mouse.move(box.x + box.width - 1, y, { steps: 3 })
  await page.mouse.up()
}

/** The toolbar is on the screen and off the selected words. */
async function toolbarClearOf(page: Page, toolbar: Locator, words: Box, screen: { width: number; height: number }) {
  const bar = (await toolbar.boundingBox())!
  expect(overlaps(bar, words), `toolbar ${JSON.stringify(bar)} over the words ${JSON.stringify(words)}`).toBe(false)
  expect(bar.x).toBeGreaterThanOrEqual(0)
  expect(bar.x + bar.width).toBeLessThanOrEqual(screen.width)
  expect(bar.y).toBeGreaterThanOrEqual(0)
  expect(bar.y + bar.height).toBeLessThanOrEqual(screen.height)
}

/** Scroll the page so the top of `needle`'s line is `top` px from the top of the screen. */
async function scrollWordsTo(page: Page, needle: string, top: number) {
  const box = await wordsBox(page, needle)
  await page.evaluate((by) => window.scrollBy({ top: by, behavior: 'instant' }), box.y - top)
  await expect.poll(async () => Math.round((await wordsBox(page, needle)).y)).toBe(top)
}

/**
 * The desk's suggestions are drawn into the story a moment after it shows, re-rendering its
 * paragraphs (a selection made before would be lost): wait for them. The demo story has dozens.
 */
const suggestionsDrawn = (page: Page) => expect(page.locator('.article-text [data-kinds~="suggestion"]').first()).toBeVisible({ timeout: 15_000 })

const pendingHighlight = (page: Page) => page.evaluate(() => CSS.highlights.has('galley-pending'))

test.describe('on a 390 × 844 phone', () => {
  test.use({ viewport: PHONE })

  test('the header fits: links, search and Sign out behind a Menu that opens and closes from the keyboard', async ({ page }) => {
    await signIn(page, 'admin@galley.test')
    // A title with one long word (a file name, a URL) must wrap, not widen the list.
    await importArticle(page, `Quarterly-figures-corrected-${Date.now()}-${'x'.repeat(40)}.txt`)
    await page.goto('/articles')
    await fitsTheScreen(page, '/articles')
    const menu = page.getByRole('button', { name: 'Menu' })
    const signOut = page.getByRole('button', { name: 'Sign out' })
    await expect(menu).toHaveAttribute('aria-expanded', 'false')
    await expect(signOut).toBeHidden()

    // Open from the keyboard: every link, the search box and Sign out on the screen.
    await menu.focus()
    await page.keyboard.press('Enter')
    await expect(menu).toHaveAttribute('aria-expanded', 'true')
    const nav = page.getByRole('navigation', { name: 'Desk' })
    for (const link of [nav.getByRole('link', { name: 'Articles' }), page.getByTestId('nav-review'), nav.getByRole('link', { name: 'Report' }), nav.getByRole('link', { name: 'Users' }), nav.getByRole('link', { name: 'Webhooks' }), nav.getByRole('link', { name: 'Account' }), page.getByTestId('search-box'), signOut]) {
      await expect(link).toBeInViewport({ ratio: 1 })
    }
    await expect(page.getByTestId('current-user')).toBeVisible()
    await fitsTheScreen(page, 'the open menu')
    await noViolations(page, 'the open menu', 'header')
    await page.keyboard.press('Tab')
    await expect(nav.getByRole('link', { name: 'Articles' })).toBeFocused()
    // Escape closes it and gives the focus back to the button.
    await page.keyboard.press('Escape')
    await expect(menu).toHaveAttribute('aria-expanded', 'false')
    await expect(signOut).toBeHidden()
    await expect(menu).toBeFocused()

    // `/` opens it at the search box; a search goes to its page with the menu closed.
    await page.keyboard.press('/')
    await expect(page.getByTestId('search-box')).toBeFocused()
    await page.keyboard.type('Huawei')
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/\/search\?q=Huawei/)
    await expect(page.getByTestId('search-box')).toBeHidden()

    // A tap outside closes it; a link in it goes to its page, closed.
    await menu.click()
    await expect(signOut).toBeVisible()
    await page.getByRole('heading', { level: 1 }).click()
    await expect(signOut).toBeHidden()
    await menu.click()
    await nav.getByRole('link', { name: 'Report' }).click()
    await expect(page).toHaveURL(/\/report$/)
    await expect(signOut).toBeHidden()
    await fitsTheScreen(page, '/report')
  })

  test('an editor marks an error with the mouse: the toolbar beside the words, the form a bottom sheet below them', async ({ page }) => {
    await signIn(page, 'editor@galley.test')
    const id = await importArticle(page, `Phone desk ${Date.now()}`)
    await page.goto(`/articles/${id}`)
    await expect(page.getByTestId('article-text')).toContainText('Vincent Pain, senior vice head of state')
    await suggestionsDrawn(page)
    await fitsTheScreen(page, 'the annotate page')

    // Mid-screen: the toolbar above the words, clear of them.
    await dragOver(page, 'Pain')
    const toolbar = page.getByTestId('selection-toolbar')
    await expect(toolbar).toBeVisible()
    await toolbarClearOf(page, toolbar, await selectionBox(page), PHONE)
    await expect(toolbar).toHaveAttribute('data-side', 'above')

    // The form: a bottom sheet, the focus in it, the words scrolled into sight above it.
    await toolbar.getByRole('button', { name: 'Error (E)' }).click()
    const place = page.getByTestId('form-place')
    await expect(place).toHaveAttribute('data-place', 'sheet')
    await expect(page.getByLabel(/Correction/)).toBeFocused()
    const sheet = (await place.boundingBox())!
    expect(sheet.width).toBe(PHONE.width)
    expect(Math.round(sheet.y + sheet.height)).toBe(PHONE.height)
    expect(sheet.height).toBeLessThan(PHONE.height * 0.65)
    const words = await wordsBox(page, 'Pain')
    expect(words.y, 'the words are on the screen').toBeGreaterThanOrEqual(0)
    expect(words.y + words.height, 'the words are above the sheet').toBeLessThanOrEqual(sheet.y)
    expect(await pendingHighlight(page), 'the words keep a highlight while the focus is in the form').toBe(true)
    await fitsTheScreen(page, 'the form as a bottom sheet')
    await noViolations(page, 'the form as a bottom sheet')

    // Escape closes it; the focus goes back to the story.
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('annotation-form')).toBeHidden()
    await expect(page.getByTestId('article-text')).toBeFocused()
    expect(await pendingHighlight(page)).toBe(false)

    // At the top edge of the screen the toolbar flips below the words.
    await scrollWordsTo(page, 'Pain', 12)
    await dragAcross(page, await wordsBox(page, 'Pain'))
    await expect(toolbar).toBeVisible()
    await expect(toolbar).toHaveAttribute('data-side', 'below')
    await toolbarClearOf(page, toolbar, await selectionBox(page), PHONE)

    // At the screen's side edges the toolbar is held inside it: the word that ends a line furthest
    // right, then the one that starts a line (the toolbar is wider than either word).
    for (const edge of ['right', 'left'] as const) {
      const box = await page.getByTestId('article-text').evaluate((root, edge) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
        let best: { x: number; y: number; width: number; height: number } | null = null
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const m of (node as Text).data.matchAll(/\p{L}{4,}/gu)) {
            const range = document.createRange()
            range.setStart(node, m.index!)
            range.setEnd(node, m.index! + m[0].length)
            const r = range.getClientRects()
            if (r.length !== 1 || r[0].top < 120 || r[0].bottom > window.innerHeight - 120) continue
            if (!best || (edge === 'right' ? r[0].right > best.x + best.width : r[0].left < best.x)) best = { x: r[0].left, y: r[0].top, width: r[0].width, height: r[0].height }
          }
        }
        return best
      }, edge)
      expect(box, `a word at the ${edge} edge on the screen`).not.toBeNull()
      await dragAcross(page, box!)
      await expect(toolbar).toBeVisible()
      await toolbarClearOf(page, toolbar, await selectionBox(page), PHONE)
      const bar = (await toolbar.boundingBox())!
      // Still beside the words: its span across the screen meets the word's.
      expect(bar.x, `toolbar ${JSON.stringify(bar)} beside the word ${JSON.stringify(box)}`).toBeLessThanOrEqual(box!.x + box!.width)
      expect(bar.x + bar.width).toBeGreaterThanOrEqual(box!.x)
    }
    await scrollWordsTo(page, 'Pain', 12)
    await dragAcross(page, await wordsBox(page, 'Pain'))
    await expect(toolbar).toHaveAttribute('data-side', 'below')

    // E, the correction, Save.
    await page.keyboard.press('e')
    await expect(page.getByLabel(/Correction/)).toBeFocused()
    const top = await wordsBox(page, 'Pain')
    expect(top.y + top.height).toBeLessThanOrEqual((await place.boundingBox())!.y)
    await page.getByLabel(/Correction/).fill('Pang')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByTestId('annotator-message')).toHaveText('Error saved.')
    await expect(page.locator('.article-text [data-kinds~="error"]')).toHaveText('Pain')
    const saved = (await (await page.request.get(`/api/articles/${id}/annotations`)).json()).annotations
    expect(saved).toMatchObject([{ kind: 'error', exact: 'Pain', correction: 'Pang' }])
    await fitsTheScreen(page, 'the annotate page after a save')
  })

  test('a reviewer finds the queue in the Menu and approves a fix', async ({ page, browser }) => {
    // The editor's fix, through the API.
    const editorContext = await browser.newContext({ baseURL: test.info().project.use.baseURL })
    const editor = await editorContext.newPage()
    await signIn(editor, 'editor@galley.test')
    const body = 'Vincent Pain opened the bridge on Friday.\n\nThe bridge cost 5 million dollars.'
    const id = await importArticle(editor, `Phone review ${Date.now()}`, body)
    const fix = await editor.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', start: 8, end: 12, exact: 'Pain', correction: 'Pang', category: 'name', revision: 1 } })
    expect(fix.status()).toBe(201)
    await editorContext.close()

    await signIn(page, 'reviewer@galley.test')
    await page.getByRole('button', { name: 'Menu' }).click()
    await page.getByTestId('nav-review').click()
    await expect(page).toHaveURL(/\/review$/)
    await page.goto(`/review?article=${id}`)
    const item = page.getByTestId('queue-item')
    await expect(item).toHaveCount(1)
    await fitsTheScreen(page, 'the review queue')
    const approve = item.getByRole('button', { name: 'Approve (A)' })
    await expect(approve).toBeInViewport({ ratio: 1 })
    await approve.click()
    await expect(page.getByTestId('review-outcome')).toHaveText('Approved: “Pain” → “Pang”. Press Z to undo.')
    await expect(page.getByTestId('undo-toast')).toBeInViewport({ ratio: 1 })
    await fitsTheScreen(page, 'the review queue after a decision')
    const saved = (await (await page.request.get(`/api/articles/${id}/annotations`)).json()).annotations
    expect(saved).toMatchObject([{ status: 'approved' }])
  })
})

test.describe('on a touch screen', () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true })

  test('a selection made by touch brings the toolbar below the words, clear of the phone’s own bar, and a tap saves a claim', async ({ page }) => {
    await signIn(page, 'editor@galley.test')
    const id = await importArticle(page, `Touch desk ${Date.now()}`)
    await page.goto(`/articles/${id}`)
    await expect(page.getByTestId('article-text')).toContainText('Vincent Pain')
    await suggestionsDrawn(page)
    await scrollWordsTo(page, 'senior vice head of state', 300)
    // A long press selects a word and the handles widen it: there is no mouseup. The touch, then
    // the selection the handles leave.
    const tapped = await wordsBox(page, 'Vincent')
    await page.touchscreen.tap(tapped.x + tapped.width / 2, tapped.y + tapped.height / 2)
    await wordsBox(page, 'senior vice head of state', { select: true })
    const toolbar = page.getByTestId('selection-toolbar')
    await expect(toolbar).toBeVisible()
    await expect(toolbar).toHaveAttribute('data-side', 'below')
    await toolbarClearOf(page, toolbar, await selectionBox(page), PHONE)
    await toolbar.getByRole('button', { name: 'Claim (C)' }).tap()
    await expect(page.getByTestId('form-place')).toHaveAttribute('data-place', 'sheet')
    await expect(page.getByTestId('form-exact')).toHaveText('senior vice head of state')
    await page.getByRole('button', { name: 'Save' }).tap()
    await expect(page.getByTestId('annotator-message')).toHaveText('Claim saved.')
    await fitsTheScreen(page, 'the annotate page on a touch screen')
  })
})

test('on a desktop screen the toolbar keeps off the words too, and the form opens beside them', async ({ page }) => {
  const screen = page.viewportSize()!
  await signIn(page, 'editor@galley.test')
  const id = await importArticle(page, `Desktop placement ${Date.now()}`)
  await page.goto(`/articles/${id}`)
  await expect(page.getByTestId('article-text')).toContainText('Vincent Pain')
  await suggestionsDrawn(page)
  const toolbar = page.getByTestId('selection-toolbar')

  // Near the top of the screen: below the words (above them it would run off the screen, or onto them).
  await scrollWordsTo(page, 'Pain', 20)
  await dragAcross(page, await wordsBox(page, 'Pain'))
  await expect(toolbar).toHaveAttribute('data-side', 'below')
  await toolbarClearOf(page, toolbar, await selectionBox(page), screen)

  // Lower down: above them. The form opens in the side column, level with the words.
  await scrollWordsTo(page, 'Pain', 300)
  await dragAcross(page, await wordsBox(page, 'Pain'))
  await expect(toolbar).toHaveAttribute('data-side', 'above')
  await toolbarClearOf(page, toolbar, await selectionBox(page), screen)
  const words = await selectionBox(page)
  await page.keyboard.press('c')
  const place = page.getByTestId('form-place')
  await expect(place).toHaveAttribute('data-place', 'beside')
  await expect(page.getByLabel('Verdict')).toBeFocused()
  const form = (await place.boundingBox())!
  const story = (await page.getByTestId('article-text').boundingBox())!
  expect(form.x, 'beside the story').toBeGreaterThanOrEqual(story.x + story.width)
  expect(form.y, 'on the screen').toBeGreaterThanOrEqual(0)
  expect(form.y + form.height, 'on the screen').toBeLessThanOrEqual(screen.height)
  // Level with the words, or as near as the screen's bottom edge allows.
  expect(form.y).toBeLessThanOrEqual(words.y + 1)
  expect(form.y + form.height).toBeGreaterThan(words.y + words.height)
  expect(overlaps(form, words)).toBe(false)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('annotation-form')).toBeHidden()
  await expect(page.getByTestId('article-text')).toBeFocused()
})

// Every page at 390 px: no sideways scrolling, no axe violations. In groups, each a test with its
// own time (axe takes seconds a page on two busy cores), as e2e/a11y.spec.ts does.
test.describe('every page at 390 × 844', () => {
  test.use({ viewport: PHONE })

  test('signed out: sign-in and the public corrections', async ({ page }) => {
    for (const path of ['/signin', '/corrections']) {
      await page.goto(path)
      await noViolations(page, `${path} at 390 px`)
      await fitsTheScreen(page, path)
    }
  })

  /** An article with a fix (waiting for review, in the history) and a second revision, as the admin. */
  async function deskWithWork(page: Page) {
    await signIn(page, 'admin@galley.test')
    const title = `Phone pages ${Date.now()}`
    const id = await importArticle(page, title)
    const article = await (await page.request.get(`/api/articles/${id}`)).json()
    const at = [...article.body.slice(0, article.body.indexOf('Vincent Pain'))].length + 'Vincent '.length
    expect((await page.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', start: at, end: at + 4, exact: 'Pain', correction: 'Pang', category: 'name', revision: 1, note: 'The executive’s name is Vincent Pang, as on the company’s own page about its board of directors.' } })).status()).toBe(201)
    expect((await page.request.put(`/api/articles/${id}/body`, { data: { body: article.body.replace('early-stage', 'early stage'), baseRevision: 1, reason: 'wire update re-imported' } })).status()).toBe(200)
    return { id, title }
  }

  const GROUPS: Array<[string, (id: string, title: string) => string[]]> = [
    ['lists and search', (_id, title) => ['/articles', '/articles/new', `/review`, `/search?q=${encodeURIComponent(title)}`]],
    ['report and account', () => ['/report', '/account']],
    ['an article, its history and revisions', (id) => [`/articles/${id}`, `/articles/${id}/history`, `/articles/${id}/revisions`]],
  ]
  for (const [group, paths] of GROUPS) {
    test(`the desk’s pages: ${group}`, async ({ page }) => {
      // axe over the whole shared desk's lists (hundreds of articles late in a full run) on two cores, as a11y.spec.ts allows.
      test.setTimeout(120_000)
      const { id, title } = await deskWithWork(page)
      for (const path of paths(id, title)) {
        await page.goto(path)
        await noViolations(page, `${path} at 390 px`)
        await fitsTheScreen(page, path)
      }
    })
  }

  test('the desk’s pages: users, and webhooks with their deliveries open', async ({ page }) => {
    await signIn(page, 'admin@galley.test')
    await page.goto('/admin/users')
    await noViolations(page, '/admin/users')
    await fitsTheScreen(page, '/admin/users')
    // A webhook to nowhere with a delivery: its table of attempts is the widest thing on the page.
    const url = `http://127.0.0.1:9/phone-${Date.now()}`
    const hook = await page.request.post('/api/webhooks', { data: { url, events: ['article.published'] } })
    expect(hook.status()).toBe(201)
    const hookId = (await hook.json()).id
    try {
      const id = await importArticle(page, `Phone webhook ${Date.now()}`, 'Vincent Pain spoke on Friday.')
      expect((await page.request.patch(`/api/articles/${id}`, { data: { status: 'published' } })).status()).toBe(200)
      await page.goto('/admin/webhooks')
      const item = page.getByTestId('webhook').filter({ hasText: url })
      await item.getByRole('button', { name: 'Deliveries' }).click()
      await expect(item.getByTestId('delivery').first()).toBeVisible()
      await noViolations(page, '/admin/webhooks with deliveries')
      await fitsTheScreen(page, '/admin/webhooks with deliveries')
    } finally {
      await page.request.delete(`/api/webhooks/${hookId}`)
    }
  })
})

import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test'

/**
 * Every spec's `test`: fails a test whose pages report a Content-Security-Policy violation (a script
 * without the page's nonce, say), so the strict CSP is checked on every page the specs visit; a
 * blocked script would otherwise go unnoticed wherever a page still works without JavaScript.
 * A spec that provokes a violation on purpose says so with the annotation EXPECTS_CSP_VIOLATION;
 * the guard then requires one.
 */
export const EXPECTS_CSP_VIOLATION = 'expects-csp-violation'
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ context, browser }, use, testInfo) => {
      const violations: string[] = []
      // The browser fires `securitypolicyviolation` for anything the policy blocks; report it here.
      const watch = async (ctx: BrowserContext) => {
        await ctx.exposeBinding('__galleyCspViolation', ({ page }, what: string) => void violations.push(`${page.url()}: ${what}`))
        await ctx.addInitScript(() =>
          document.addEventListener('securitypolicyviolation', (e) =>
            (window as unknown as { __galleyCspViolation: (what: string) => void }).__galleyCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'an inline script'}`),
          ),
        )
      }
      await watch(context)
      // Specs that open a second user's window make their own contexts: watch those too, and close
      // them with the test. A context left open keeps its pages' live streams, and each of them
      // refreshes its header on every change anyone makes on the desk: a few dozen left by earlier
      // specs slowed the shared server enough that a later spec's save took 5 s.
      const newContext = browser.newContext
      const made: BrowserContext[] = []
      browser.newContext = async (options) => {
        const ctx = await newContext.call(browser, options)
        made.push(ctx)
        await watch(ctx)
        return ctx
      }
      try {
        await use()
      } finally {
        browser.newContext = newContext
        await Promise.all(made.map((ctx) => ctx.close().catch(() => undefined)))
      }
      if (testInfo.annotations.some((a) => a.type === EXPECTS_CSP_VIOLATION)) expect(violations.length, 'the violation this spec provokes').toBeGreaterThan(0)
      else expect(violations, 'Content-Security-Policy violations').toEqual([])
    },
    { auto: true },
  ],
})
export { expect }

export const PASSWORD = process.env.DEMO_PASSWORD ?? 'galley-demo'
export const DEMO_BODY = fs.readFileSync(path.join(__dirname, '..', 'prisma', 'seed', 'demo-article.txt'), 'utf8')

/**
 * Sign in through the sign-in page. Verifying the password (argon2id) is deliberately slow, and
 * while the other worker starts a cluster of its own (the SSO spec) the two cores are busy, so the
 * wait for the signed-in page is longer than the default.
 */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/signin')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('current-user')).toContainText(email, { timeout: 20_000 })
}

/** A fresh copy of the demo article for one test, imported through the API with the page's session. */
export async function importArticle(page: Page, title: string, body = DEMO_BODY): Promise<string> {
  const res = await page.request.post('/api/articles', { data: { title, body } })
  expect(res.status()).toBe(201)
  return (await res.json()).id
}

/**
 * Screen rectangle of the `nth` occurrence of `needle` in the article text — found in the text as
 * a reader sees it, across text nodes (a suggestion's or a highlight's span may start inside the
 * words, and the suggestions arrive after the text).
 */
async function rectOf(page: Page, needle: string, nth: number) {
  return page.getByTestId('article-text').evaluate(
    (root, { needle, nth }) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      const nodes: Array<{ node: Text; at: number }> = []
      let text = ''
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push({ node: node as Text, at: text.length })
        text += (node as Text).data
      }
      /** The text node and offset in it of position `pos` of the whole text (`end`: the node a range ends in). */
      const locate = (pos: number, end: boolean) => {
        for (let k = nodes.length - 1; k >= 0; k--) {
          const { node, at } = nodes[k]
          if (end ? at < pos : at <= pos) return { node, offset: pos - at }
        }
        return { node: nodes[0].node, offset: 0 }
      }
      let i = text.indexOf(needle)
      for (let seen = 0; i >= 0 && seen < nth; seen++) i = text.indexOf(needle, i + 1)
      if (i < 0) throw new Error(`"${needle}" not found in the article`)
      const from = locate(i, false)
      const to = locate(i + needle.length, true)
      from.node.parentElement!.scrollIntoView({ block: 'center' })
      const range = document.createRange()
      range.setStart(from.node, from.offset)
      range.setEnd(to.node, to.offset)
      const r = range.getBoundingClientRect()
      return { x: r.left, y: r.top, width: r.width, height: r.height }
    },
    { needle, nth },
  )
}

/** Click in the middle of the `nth` occurrence of `needle` in the article text. */
export async function clickOn(page: Page, needle: string, nth = 0): Promise<void> {
  const rect = await rectOf(page, needle, nth)
  await page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2)
}

/** Drag the mouse across the `nth` occurrence of `needle` in the article text, like an editor would. */
export async function dragOver(page: Page, needle: string, nth = 0): Promise<void> {
  const rect = await rectOf(page, needle, nth)
  const y = rect.y + rect.height / 2
  await page.mouse.move(rect.x + 1, y)
  await page.mouse.down()
  await page.mouse.move(rect.x + rect.width / 2, y, { steps: 3 })
  await page.mouse.move(rect.x + rect.width - 1, y, { steps: 3 })
  await page.mouse.up()
}

/**
 * The public corrections page's entry for the story titled `title`, from the newest page back
 * ("Older corrections"): specs running beside this one publish newer entries meanwhile (one
 * writes a page's worth at once), so a story's entry may not be on the first page.
 */
export async function findPublicCorrection(page: Page, title: string, maxPages = 5): Promise<Locator> {
  await page.goto('/corrections')
  await expect(page.getByRole('heading', { level: 1, name: 'Corrections' })).toBeVisible()
  const entry = page.getByTestId('public-correction').filter({ hasText: title })
  for (let pages = 0; (await entry.count()) === 0; pages++) {
    expect(pages, `pages followed to find “${title}”`).toBeLessThan(maxPages)
    const from = page.url()
    await page.getByRole('link', { name: 'Older corrections' }).click()
    await page.waitForURL((u) => u.href !== from)
    await expect(page.getByRole('heading', { level: 1, name: 'Older corrections' })).toBeVisible()
  }
  return entry
}

/** The axe rules every page of the desk meets: WCAG 2.2 A/AA and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

/** No axe violations on the page (or only inside `include`, a CSS selector), each reported with its first places. */
export async function noViolations(page: Page, where: string, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(AXE_TAGS)
  const { violations } = await (include ? builder.include(include) : builder).analyze()
  const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`)
  expect(report, `axe on ${where}`).toEqual([])
}

import type { Browser, Page } from '@playwright/test'
import { DEMO_BODY, dragOver, expect, importArticle, signIn, test } from './fixtures'
import { startProxy } from './proxy'

/** The second app instance `npm test` starts on the same database (port + 1). */
const SECOND = process.env.GALLEY_TEST_SECOND_URL ?? 'http://127.0.0.1:3101'

async function person(browser: Browser, email: string, baseURL?: string): Promise<Page> {
  const context = await browser.newContext(baseURL ? { baseURL } : {})
  const page = await context.newPage()
  await signIn(page, email)
  return page
}

/** Code-point offsets of the first `needle` in the demo article. */
function span(needle: string) {
  const i = DEMO_BODY.indexOf(needle)
  const start = [...DEMO_BODY.slice(0, i)].length
  return { start, end: start + [...needle].length, exact: needle }
}

test('an editor’s claim appears on a reviewer’s page served by the other instance, and each sees the other', async ({ browser }) => {
  const editor = await person(browser, 'editor@galley.test')
  const reviewer = await person(browser, 'reviewer@galley.test', SECOND)
  const id = await importArticle(editor, `Live claim ${Date.now()}`)
  await editor.goto(`/articles/${id}`)
  await reviewer.goto(`/articles/${id}`)
  await expect(reviewer.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
  // Generous: the first page of a fresh instance computes its suggestions on the same event loop.
  await expect(editor.getByTestId('presence')).toHaveText('Also here: Demo Reviewer', { timeout: 20_000 })
  await expect(reviewer.getByTestId('presence')).toHaveText('Also here: Demo Editor')
  await editor.getByLabel('Filter by kind').selectOption('annotations')
  await reviewer.getByLabel('Filter by kind').selectOption('annotations')

  await dragOver(editor, 'consistently denied')
  await editor.getByRole('button', { name: 'Claim (C)' }).click()
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor.locator('[data-kinds~="claim"]')).toHaveText('consistently denied')
  // No reload on the reviewer's side.
  await expect(reviewer.locator('[data-kinds~="claim"]')).toHaveText('consistently denied')
  await expect(reviewer.getByTestId('sidebar-item')).toHaveCount(1)
  // …and it is read out there, politely (the live region), with who did it.
  await expect(reviewer.getByTestId('announcer')).toHaveText(/^Demo Editor added a claim\./)
  await expect(reviewer.getByTestId('announcer')).toHaveAttribute('aria-live', 'polite')

  // The reviewer leaves: the editor's page says so.
  await reviewer.context().close()
  await expect(editor.getByTestId('presence')).toHaveText('No one else has this article open.')
})

test('a reviewer’s approval on the other instance appears in the editor’s sidebar; the queue follows the editor’s new fix', async ({ browser }) => {
  const editor = await person(browser, 'editor@galley.test')
  const id = await importArticle(editor, `Live review ${Date.now()}`)
  const reviewer = await person(browser, 'reviewer@galley.test', SECOND)
  await reviewer.goto(`/review?article=${id}`)
  await expect(reviewer.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
  await expect(reviewer.getByTestId('queue-count')).toContainText('Nothing waiting for you.')
  // The header counts open fixes on every article (other specs add some meanwhile): it must agree
  // with the server's count, without a reload.
  const headerAgrees = () =>
    expect
      .poll(async () => {
        const total = (await (await reviewer.request.get('/api/review-queue?limit=1')).json()).total
        return Number((await reviewer.getByTestId('review-count').textContent())?.replace(/,/g, '')) === total
      }, { timeout: 10_000 })
      .toBe(true)

  await editor.goto(`/articles/${id}`)
  await editor.getByLabel('Filter by kind').selectOption('annotations')
  const fix = await editor.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', ...span('Pain'), correction: 'Pang', category: 'name' } })
  expect(fix.status()).toBe(201)
  // The fix joins the reviewer's queue, and the header's count, without a reload.
  const item = reviewer.getByTestId('queue-item')
  await expect(item).toHaveCount(1)
  await expect(item.getByTestId('redline')).toContainText('Vincent PainPang')
  await headerAgrees()
  await expect(reviewer.getByTestId('queue-count')).toContainText('of 1 open fix')

  await expect(editor.getByTestId('sidebar-item')).toContainText('Pain → Pang')
  await expect(editor.getByTestId('sidebar-item')).toContainText('open')
  await item.getByRole('button', { name: 'Approve (A)' }).click()
  await expect(reviewer.getByTestId('review-outcome')).toHaveText('Approved: “Pain” → “Pang”. Press Z to undo.')
  await headerAgrees()
  await expect(editor.getByTestId('sidebar-item')).toContainText('approved')
})

test('a fix approved by someone else leaves the queue marked “approved by …”, where it was', async ({ browser }) => {
  const editor = await person(browser, 'editor@galley.test')
  const id = await importArticle(editor, `Live queue ${Date.now()}`)
  const fix = await (await editor.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', ...span('Pain'), correction: 'Pang', category: 'name' } })).json()
  const reviewer = await person(browser, 'reviewer@galley.test', SECOND)
  await reviewer.goto(`/review?article=${id}`)
  await expect(reviewer.getByTestId('queue-item')).toHaveCount(1)
  await expect(reviewer.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
  const admin = await person(browser, 'admin@galley.test')
  const res = await admin.request.post(`/api/annotations/${fix.id}/review`, { data: { decision: 'approve', version: fix.version } })
  expect(res.status()).toBe(200)
  const item = reviewer.getByTestId('queue-item')
  await expect(item.getByTestId('queue-item-gone')).toHaveText('Approved by Demo Admin.')
  await expect(item.getByRole('button', { name: 'Approve (A)' })).toHaveCount(0)
  await expect(reviewer.getByTestId('queue-count')).toContainText('Nothing waiting for you.')
})

test('a new revision by someone else shows a banner offering to load it, and the text is not swapped meanwhile', async ({ browser }) => {
  const editor = await person(browser, 'editor@galley.test')
  const id = await importArticle(editor, `Live revision ${Date.now()}`)
  await editor.goto(`/articles/${id}`)
  await expect(editor.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
  const other = await person(browser, 'reviewer@galley.test', SECOND)
  const claim = await other.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'claim', ...span('Huawei has consistently denied the insurance claim.') } })
  expect(claim.status()).toBe(201)
  const revised = await other.request.put(`/api/articles/${id}/body`, { data: { body: DEMO_BODY.replace('Vincent Pain', 'Vincent Pang'), baseRevision: 1 } })
  expect(revised.status()).toBe(200)
  const banner = editor.getByTestId('new-revision')
  await expect(banner).toContainText('Demo Reviewer saved revision 2.')
  await expect(banner).toContainText('You are reading revision 1.')
  await expect(editor.getByTestId('article-text')).toContainText('Vincent Pain')
  await banner.getByRole('button', { name: 'Load revision 2' }).click()
  await expect(editor.getByTestId('article-text')).toContainText('Vincent Pang')
  await expect(editor.getByTestId('new-revision')).toHaveCount(0)
  await expect(editor.locator('[data-kinds~="claim"]')).toHaveText('Huawei has consistently denied the insurance claim.')
})

test('a dropped connection (the proxy restarts) says so, reconnects by itself and catches up', async ({ browser }) => {
  const proxy = await startProxy(process.env.GALLEY_TEST_BASE_URL ?? 'http://127.0.0.1:3100')
  try {
    const editor = await person(browser, 'editor@galley.test', proxy.url)
    const id = await importArticle(editor, `Live offline ${Date.now()}`)
    await editor.goto(`/articles/${id}`)
    await editor.getByLabel('Filter by kind').selectOption('annotations')
    const status = editor.getByTestId('live-status')
    await expect(status).toHaveAttribute('data-status', 'live')
    proxy.drop()
    await expect(status).toHaveAttribute('data-status', 'reconnecting')
    await expect(status).toContainText('Disconnected')
    // Work done meanwhile, on the other instance.
    const other = await person(browser, 'reviewer@galley.test', SECOND)
    for (const text of ['Huawei has consistently denied the insurance claim.', 'Vincent Pain']) {
      expect((await other.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'claim', ...span(text) } })).status()).toBe(201)
    }
    await expect(editor.locator('[data-kinds~="claim"]')).toHaveCount(0)
    proxy.restore()
    await expect(status).toHaveAttribute('data-status', 'live', { timeout: 20_000 })
    await expect(editor.locator('[data-kinds~="claim"]')).toHaveCount(2)
    await expect(editor.getByTestId('sidebar-item')).toHaveCount(2)
    // Nothing twice: one more, live, makes three.
    expect((await other.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'claim', ...span('Blacklisted Chinese') } })).status()).toBe(201)
    await expect(editor.getByTestId('sidebar-item')).toHaveCount(3)
  } finally {
    await proxy.close()
  }
})

test('someone reviewing the annotation being edited: the form stays, with a notice', async ({ browser }) => {
  const editor = await person(browser, 'editor@galley.test')
  const id = await importArticle(editor, `Live form ${Date.now()}`)
  const fix = await (await editor.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', ...span('Pain'), correction: 'Pang', category: 'name' } })).json()
  await editor.goto(`/articles/${id}`)
  await editor.getByLabel('Filter by kind').selectOption('annotations')
  await expect(editor.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
  await editor.getByTestId('sidebar-item').click()
  await editor.getByTestId('annotation-details').getByRole('button', { name: 'Edit' }).click()
  await editor.getByLabel(/Correction/).fill('Pang Jr')
  const admin = await person(browser, 'admin@galley.test', SECOND)
  expect((await admin.request.post(`/api/annotations/${fix.id}/review`, { data: { decision: 'approve', version: fix.version } })).status()).toBe(200)
  await expect(editor.getByTestId('form-notice')).toContainText('Demo Admin approved it while you were editing')
  // The form was not replaced: what was typed is still there.
  await expect(editor.getByLabel(/Correction/)).toHaveValue('Pang Jr')
  // The save is refused by the version check, with a clear message.
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor.getByTestId('annotator-message')).toContainText(/changed|reload|version/i)
})

test('while the pointer is over the side panel, others’ changes wait there (the list does not move under it)', async ({ browser }) => {
  const editor = await person(browser, 'editor@galley.test')
  const id = await importArticle(editor, `Live hold ${Date.now()}`)
  await editor.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'claim', ...span('Vincent Pain') } })
  await editor.goto(`/articles/${id}`)
  await editor.getByLabel('Filter by kind').selectOption('annotations')
  await expect(editor.getByTestId('live-status')).toHaveAttribute('data-status', 'live')
  await expect(editor.getByTestId('sidebar-item')).toHaveCount(1)
  await editor.getByTestId('sidebar-item').hover()
  const other = await person(browser, 'reviewer@galley.test', SECOND)
  expect((await other.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'claim', ...span('Blacklisted Chinese') } })).status()).toBe(201)
  await expect(editor.getByTestId('held-updates')).toBeVisible()
  await expect(editor.getByTestId('sidebar-item')).toHaveCount(1)
  // The pointer leaves: the change appears.
  await editor.getByTestId('article-text').hover()
  await expect(editor.getByTestId('sidebar-item')).toHaveCount(2)
  await expect(editor.getByTestId('held-updates')).toHaveCount(0)
})

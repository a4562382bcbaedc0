import postgres from 'postgres'
import { PUBLIC_CORRECTIONS_PAGE_SIZE as PAGE_SIZE } from '@/lib/export/public-corrections'
import { expect, findPublicCorrection, importArticle, noViolations, signIn, test } from './fixtures'

test('a reader, signed out, sees the corrections page and its feed link', async ({ browser, page }) => {
  // An editor publishes a fix on a published story.
  const desk = await (await browser.newContext()).newPage()
  await signIn(desk, 'editor@galley.test')
  const title = `Public corrections ${Date.now()}`
  const id = await importArticle(desk, title, 'Vincent Pain spoke on Friday.')
  const fix = await (await desk.request.post(`/api/articles/${id}/annotations`, { data: { kind: 'error', start: 8, end: 12, exact: 'Pain', correction: 'Pang', category: 'name' } })).json()
  const reviewer = await (await browser.newContext()).newPage()
  await signIn(reviewer, 'reviewer@galley.test')
  expect((await reviewer.request.post(`/api/annotations/${fix.id}/review`, { data: { decision: 'approve', version: fix.version } })).status()).toBe(200)
  expect((await desk.request.post(`/api/articles/${id}/publish`, { data: { baseRevision: 1 } })).status()).toBe(200)
  expect((await desk.request.patch(`/api/articles/${id}`, { data: { status: 'published' } })).status()).toBe(200)

  const entry = await findPublicCorrection(page, title)
  expect(page.url()).toMatch(/\/corrections(\?before=[\d-]+)?$/) // no sign-in asked
  await expect(entry).toContainText('An earlier version of this article misspelled the name of Vincent Pang.')
  await expect(page.getByRole('link', { name: 'Atom' })).toHaveAttribute('href', '/corrections.atom')
})

test('a reader pages back through older corrections, on a phone too, and a reload is answered 304', async ({ browser, page }) => {
  test.setTimeout(120_000)
  // One published story with one more correction than a page holds. Publishing writes these rows
  // (public-corrections.int.test.ts goes through the desk for that); here they are written straight
  // into the database, one statement, so the spec is about reading them.
  const desk = await (await browser.newContext()).newPage()
  await signIn(desk, 'editor@galley.test')
  const count = PAGE_SIZE + 1
  const title = `Figures corrected one by one ${Date.now()}`
  const id = await importArticle(desk, title, 'Figure 0 was 10.')
  expect((await desk.request.patch(`/api/articles/${id}`, { data: { status: 'published' } })).status()).toBe(200)
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} })
  const said = (i: number) => `An earlier version of this article incorrectly said “${10 + i}”; it should have said “${50 + i}”.`
  // This story's entry only: public-corrections.int.test.ts leaves the same sentences on the shared desk.
  const entry = (i: number) => page.getByTestId('public-correction').filter({ hasText: title }).filter({ hasText: said(i) })
  const notes = Array.from({ length: count }, (_, i) => said(i))
  // A millisecond apart, the last the newest.
  await sql`
    INSERT INTO "PublicCorrection" ("articleId", revision, title, note, "publishedAt")
    SELECT ${id}::uuid, n + 1, ${title}, ARRAY[(${notes}::text[])[n]], now() - (${count}::int - n) * interval '1 millisecond' FROM generate_series(1, ${count}::int) AS n`

  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto('/corrections')
  await expect(page.getByRole('heading', { level: 1, name: 'Corrections' })).toBeVisible()
  await expect(entry(count - 1)).toBeVisible()
  await expect(page.getByTestId('public-correction')).toHaveCount(PAGE_SIZE)
  await expect(entry(0)).toHaveCount(0)
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  // "Older corrections" until the first correction of the story (others' entries may come between).
  for (let pages = 0; (await entry(0).count()) === 0; pages++) {
    expect(pages, 'pages followed').toBeLessThan(20)
    await page.getByRole('link', { name: 'Older corrections' }).click()
    await expect(page).toHaveURL(/\/corrections\?before=\d+-\d+$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Older corrections' })).toBeVisible()
  }
  await expect(entry(0)).toBeVisible()
  await expect(entry(count - 1)).toHaveCount(0)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  // An older page, with both links, passes axe as the first page does (a11y.spec.ts).
  await noViolations(page, 'an older page of corrections')
  await page.getByRole('link', { name: 'Newest corrections' }).click()
  await expect(page).toHaveURL(/\/corrections$/)
  await expect(entry(count - 1)).toBeVisible()

  // The browser keeps the page and asks again with its ETag: while nothing changed, a 304 with no
  // body, and the page it kept still runs its scripts under the nonce it came with (the spec's CSP
  // guard fails on any violation). Other specs publish meanwhile: hold the page's version still.
  try {
    await sql.begin(async (tx) => {
      await tx`SELECT 1 FROM "PublicCorrectionsState" WHERE id = 1 FOR SHARE`
      await page.goto('/corrections')
      await expect(entry(count - 1)).toBeVisible()
      // What went over the wire (the page itself sees the kept 200): Chromium's own network log.
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Network.enable')
      const documents = new Set<string>()
      const sent = new Map<string, Record<string, string>>()
      const status = new Map<string, number>()
      cdp.on('Network.requestWillBeSent', (e) => {
        if (e.type === 'Document' && new URL(e.request.url).pathname === '/corrections') documents.add(e.requestId)
      })
      cdp.on('Network.requestWillBeSentExtraInfo', (e) => void sent.set(e.requestId, e.headers))
      cdp.on('Network.responseReceivedExtraInfo', (e) => void status.set(e.requestId, e.statusCode))
      await page.reload()
      await expect(entry(count - 1)).toBeVisible()
      const reloads = () => [...documents].map((id) => ({ ifNoneMatch: Object.entries(sent.get(id) ?? {}).find(([k]) => k.toLowerCase() === 'if-none-match')?.[1], status: status.get(id) }))
      await expect.poll(reloads).toEqual([{ ifNoneMatch: expect.stringMatching(/^W\/"[\w-]+"$/), status: 304 }])
    })
  } finally {
    await sql.end()
  }
})

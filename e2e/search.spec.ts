import { clickOn, expect, importArticle, signIn, test } from './fixtures'

/** A word no other spec writes: letters only, capitalised (a name, which claim matching keeps). */
const tag = () => 'Zq' + Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')

test('an editor searches from the header, opens a result at its annotation, and reuses an earlier verdict for the same claim', async ({ page }) => {
  await signIn(page, 'editor@galley.test')
  const t = tag()
  // Checked before: a claim with a verdict and a source, in an earlier story.
  const earlierBody = `Roads. The ${t} council built 42 crossings in 2024. More to come.`
  const earlier = await importArticle(page, `Earlier roads story ${t}`, earlierBody)
  const claim = `The ${t} council built 42 crossings in 2024.`
  const start = earlierBody.indexOf(claim)
  const made = await page.request.post(`/api/articles/${earlier}/annotations`, { data: { kind: 'claim', start, end: start + claim.length, exact: claim, verdict: 'misleading', sources: ['https://council.example/report'], note: 'The council counts repairs.' } })
  expect(made.status()).toBe(201)
  const checked = await made.json()

  // The header's search box: `/` focuses it from anywhere on the page.
  await page.goto('/articles')
  // (Until the page's scripts run, `/` is just a key: press it again as a reader would.)
  await expect(async () => {
    await page.keyboard.press('/')
    await expect(page.getByTestId('search-box')).toBeFocused({ timeout: 500 })
  }).toPass()
  await expect(page.getByTestId('search-box')).toHaveValue('')
  await page.keyboard.type(`crossings ${t}`)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/search\?q=crossings/)
  const hit = page.getByTestId('search-result').filter({ hasText: 'Annotation' }).filter({ hasText: 'Earlier roads story' })
  await expect(hit).toHaveCount(1)
  await expect(hit.locator('mark').first()).toHaveText(/crossings|Zq/i)
  await hit.getByRole('link', { name: `Earlier roads story ${t}` }).click()
  await expect(page).toHaveURL(new RegExp(`/articles/${earlier}#annotation-${checked.id}$`))
  // Opened at the annotation: it is the selected one in the sidebar.
  await expect(page.locator(`[data-testid="sidebar-item"][data-id="${checked.id}"]`)).toHaveAttribute('aria-current', 'true')

  // A new story says the same thing in other words: marking it shows the earlier review.
  const laterBody = `In 2024, 42 crossings were built by the ${t} council. Residents asked for more.`
  const later = await importArticle(page, `Later roads story ${t}`, laterBody)
  await page.goto(`/articles/${later}`)
  await page.getByTestId('sentence-mode').check()
  await clickOn(page, 'crossings were built')
  await page.keyboard.press('c')
  await expect(page.getByTestId('form-exact')).toHaveText(`In 2024, 42 crossings were built by the ${t} council.`)
  const match = page.getByTestId('claim-match')
  await expect(match).toHaveCount(1)
  await expect(match).toContainText('Misleading')
  await expect(match).toContainText(`Earlier roads story ${t}`)
  // One click copies the verdict and sources; nothing is saved until the editor saves.
  await match.getByRole('button', { name: 'Use this verdict and its sources' }).click()
  await expect(page.getByLabel('Verdict')).toHaveValue('misleading')
  await expect(page.getByLabel(/Source URLs/)).toHaveValue('https://council.example/report')
  const before = await (await page.request.get(`/api/articles/${later}/annotations`)).json()
  expect(before.annotations).toHaveLength(0)
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('annotator-message')).toHaveText('Claim saved.')
  const after = (await (await page.request.get(`/api/articles/${later}/annotations`)).json()).annotations
  expect(after).toHaveLength(1)
  expect(after[0]).toMatchObject({ verdict: 'misleading', sources: ['https://council.example/report'], basedOn: checked.id })
  // The ClaimReview export links it to the review it reused.
  const ld = await (await page.request.get(`/api/articles/${later}/export?format=claimreview`)).json()
  expect(ld[0].isBasedOn.url).toContain(`/articles/${earlier}#annotation-${checked.id}`)
})

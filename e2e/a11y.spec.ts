import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { dragOver, expect, importArticle, signIn, test } from './fixtures'

/**
 * Every page and state through axe-core: WCAG 2.0/2.1/2.2 A and AA rules and axe's best
 * practices. A new violation anywhere fails here, with the rule, the element and axe's help.
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

async function noViolations(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze()
  const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`)
  expect(report, `axe on ${where}`).toEqual([])
}

test('the check is live: a page with an unlabelled field and an image without text fails it', async ({ page }) => {
  await page.setContent('<!doctype html><html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>')
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze()
  expect(violations.map((v) => v.id)).toEqual(expect.arrayContaining(['image-alt', 'label']))
})

test('signed out: the sign-in page and the public corrections page have no axe violations', async ({ page }) => {
  await page.goto('/signin')
  await noViolations(page, '/signin')
  await page.goto('/corrections')
  await noViolations(page, '/corrections')
})

test('the desk’s pages and their states have no axe violations', async ({ page }) => {
  test.setTimeout(90_000)
  await signIn(page, 'admin@galley.test')
  const id = await importArticle(page, `Accessible desk ${Date.now()}`)
  const fix = await (await page.request.get(`/api/articles/${id}/annotations`)).json()
  expect(fix.annotations).toEqual([])
  for (const path of ['/articles', '/articles/new', '/review', '/search?q=Huawei', '/search?q=zzzznothing', '/report', '/account', '/admin/users', '/admin/webhooks', `/articles/${id}/history`, `/articles/${id}/revisions`, '/articles/00000000-0000-4000-8000-000000000000']) {
    await page.goto(path)
    await noViolations(page, path)
  }
  // The annotate page, plain and with the error form open.
  await page.goto(`/articles/${id}`)
  await expect(page.getByTestId('article-text')).toBeVisible()
  await noViolations(page, 'the annotate page')
  await dragOver(page, 'Pain')
  await expect(page.getByTestId('selection-toolbar')).toBeVisible()
  await noViolations(page, 'the selection toolbar')
  await page.getByRole('button', { name: 'Error (E)' }).click()
  await expect(page.getByTestId('annotation-form')).toBeVisible()
  await noViolations(page, 'the error form')
  await page.getByLabel(/Correction/).fill('Pang')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('annotator-message')).toHaveText('Error saved.')
  await page.getByTestId('sidebar-item').first().click()
  await noViolations(page, 'a selected annotation in the sidebar')
})

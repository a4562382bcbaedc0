import fs from 'node:fs'
import path from 'node:path'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, signIn, test } from './fixtures'

const STORY = fs.readFileSync(path.join(__dirname, '..', 'lib', 'import', 'fixtures', 'story.html'), 'utf8')

test('an editor imports a story from its web address; a page with no story says why', async ({ page }) => {
  const server = http.createServer((req, res) => {
    if (req.url === '/story') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(STORY)
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><form><input></form></body></html>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  try {
    await signIn(page, 'editor@galley.test')
    await page.goto('/articles/new')
    const form = page.getByTestId('import-url-form')
    await form.getByLabel("From the web: the story's address").fill(`http://localhost:${port}/empty`)
    await form.getByRole('button', { name: 'Fetch and import' }).click()
    await expect(page.getByTestId('import-url-error')).toContainText('No article found on this page')
    await form.getByLabel("From the web: the story's address").fill(`http://localhost:${port}/story`)
    await form.getByRole('button', { name: 'Fetch and import' }).click()
    await expect(page).toHaveURL(/\/articles\/[0-9a-f-]{36}$/)
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Huawei in early talks with U.S. firms on 5G licensing')
    await expect(page.getByTestId('article-text')).toContainText('Vincent Pang, senior vice president')
    await expect(page.getByTestId('article-text')).not.toContainText('Please enter your comment')
  } finally {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

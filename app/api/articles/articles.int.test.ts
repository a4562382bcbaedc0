/** /api/articles against the running test server and its seeded database. */
import { describe, expect, it } from 'vitest'
import { ApiClient } from '@/lib/testing/api-client'

describe('GET /api/articles', () => {
  it('answers an anonymous request with 401 JSON, not a redirect', async () => {
    const res = await new ApiClient().get('/api/articles')
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } })
  })

  it('lists the demo article for each demo role', async () => {
    for (const email of ['editor@galley.test', 'reviewer@galley.test', 'admin@galley.test']) {
      const res = await (await ApiClient.as(email)).get('/api/articles')
      expect(res.status).toBe(200)
      expect(res.body.articles.map((a: { title: string }) => a.title)).toContain('Huawei in early talks with U.S. firms on 5G licensing')
    }
  })

  it('refuses a wrong password', async () => {
    expect(await new ApiClient().signIn('editor@galley.test', 'not-the-password')).toBe(false)
  })
})

/** GET /api/health against the running test server, and against a server whose database is gone. */
import { describe, expect, it } from 'vitest'
import { BASE_URL } from '@/lib/testing/api-client'
import { signalServer, startNextServer } from '@/lib/server/test-env'
import { freePort } from '@/lib/testing/ports'

describe('GET /api/health', () => {
  it('says ok when the database answers, without signing in', async () => {
    const res = await fetch(`${BASE_URL}/api/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok' })
  })

  it('answers 503 with db "down" when the database cannot be reached', async () => {
    const port = await freePort()
    // Port 1 on loopback: nothing listens, so every connection is refused.
    const server = startNextServer({ port, env: { ...process.env, DATABASE_URL: 'postgresql://postgres:x@127.0.0.1:1/galley' }, quiet: true })
    try {
      let res: Response | undefined
      // Up to a minute: a second Next.js server starts slowly while other suites keep both cores busy.
      for (let i = 0; i < 300 && !res; i++) {
        res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined)
        if (!res) await new Promise((r) => setTimeout(r, 200))
      }
      expect(res?.status).toBe(503)
      expect(await res!.json()).toEqual({ status: 'degraded', db: 'down' })
    } finally {
      signalServer(server, 'SIGKILL')
    }
  }, 90_000)
})

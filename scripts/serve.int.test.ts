/** `npm start` refuses to guess a session secret when it is pointed at a real database. */
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..')

describe('npm start configuration', () => {
  it('refuses to start with DATABASE_URL but no AUTH_SECRET, saying what to set', () => {
    const env = { ...process.env, AUTH_SECRET: '', PORT: '3999' }
    delete (env as Record<string, string | undefined>).AUTH_SECRET
    const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/serve.ts', 'start'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(res.status).toBe(1)
    expect(`${res.stdout}${res.stderr}`).toMatch(/AUTH_SECRET is not set\. With DATABASE_URL set/)
  })
})

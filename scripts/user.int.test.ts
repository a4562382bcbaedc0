/**
 * `npm run user` against the test database, checked by signing in through the running server; and
 * without DATABASE_URL, against the embedded database whether Galley is running or not.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { query } from '@/lib/testing/databases'
import { runningEmbeddedUrl, startEmbeddedPostgres, withDatabase } from '@/lib/server/embedded-postgres'

const ROOT = path.resolve(__dirname, '..')

function userCli(...args: string[]) {
  return userCliWith(process.env, ...args)
}

function userCliWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/user.ts', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: res.status, out: `${res.stdout}${res.stderr}` }
}

describe('npm run user', () => {
  it('adds a user with a generated password who can then sign in with that role', async () => {
    const email = `${unique('cli')}@desk.test`
    const add = userCli('add', '--email', email, '--name', 'Copy Chief', '--role', 'reviewer')
    expect(add.code, add.out).toBe(0)
    const password = /Generated password: (\S+)/.exec(add.out)?.[1]
    expect(password).toBeDefined()
    const client = await ApiClient.as(email, password!)
    expect((await client.get('/api/auth/session')).body.user.role).toBe('reviewer')

    const promote = userCli('set-role', '--email', email, '--role', 'admin')
    expect(promote.code, promote.out).toBe(0)
    expect(promote.out).toContain('is now admin')

    expect(userCli('deactivate', '--email', email).code).toBe(0)
    expect((await client.get('/api/articles')).status).toBe(401) // the old session stops working at once
    expect(await new ApiClient().signIn(email, password!)).toBe(false)
  })

  it('rejects bad input with a usage message and a non-zero exit', () => {
    const res = userCli('add', '--email', 'not-an-email', '--name', 'X', '--role', 'chief')
    expect(res.code).toBe(2)
    expect(res.out).toContain('--email is not an email address')
    expect(res.out).toContain('--role must be one of editor, reviewer, admin')
    expect(userCli('promote').code).toBe(2)
  })
})

describe('npm run user without DATABASE_URL (the embedded database)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-user-cli-'))
  fs.chmodSync(dataDir, 0o755) // the postgres system user must reach the data directory
  const port = 54950 + Math.floor(Math.random() * 40)
  const env: NodeJS.ProcessEnv = { ...process.env, GALLEY_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) }
  delete env.DATABASE_URL
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  it('starts the embedded database when Galley is not running, and stops it again', () => {
    const add = userCliWith(env, 'add', '--email', 'desk@cli.test', '--name', 'Night Desk', '--role', 'editor', '--password', 'night-desk-pass')
    expect(add.code, add.out).toBe(0)
    expect(add.out).toContain('Added desk@cli.test (Night Desk) as editor.')
    expect(runningEmbeddedUrl(dataDir)).toBeNull()
    const again = userCliWith(env, 'set-role', '--email', 'desk@cli.test', '--role', 'reviewer')
    expect(again.code, again.out).toBe(0) // the user was kept in the embedded data directory
    expect(again.out).toContain('desk@cli.test is now reviewer.')
    const unknown = userCliWith(env, 'deactivate', '--email', 'nobody@cli.test')
    expect(unknown.code).toBe(1)
    expect(unknown.out).toMatch(/nobody@cli\.test/)
  }, 120_000)

  it('uses the embedded database Galley is running on, and leaves it running', async () => {
    const server = await startEmbeddedPostgres({ baseDir: dataDir, port, log: () => {} })
    try {
      const res = userCliWith(env, 'set-role', '--email', 'desk@cli.test', '--role', 'admin')
      expect(res.code, res.out).toBe(0)
      expect(runningEmbeddedUrl(dataDir)).toBe(server.url)
      expect(await query(withDatabase(server.url, 'galley'), `SELECT role::text FROM "User" WHERE email = 'desk@cli.test'`)).toEqual([{ role: 'admin' }])
    } finally {
      await server.stop()
    }
  }, 120_000)
})

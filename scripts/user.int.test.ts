/** `npm run user` against the test database, checked by signing in through the running server. */
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'

const ROOT = path.resolve(__dirname, '..')

function userCli(...args: string[]) {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/user.ts', ...args], {
    cwd: ROOT,
    env: process.env,
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

/**
 * The zero-setup database: a real embedded PostgreSQL in a temporary folder, including recovery
 * from a server left running when Node was killed with SIGKILL.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net from 'node:net'
import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { query } from '@/lib/testing/databases'
import { runningEmbeddedUrl, startEmbeddedPostgres, withDatabase } from './embedded-postgres'

const ROOT = path.resolve(__dirname, '..', '..')
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-embedded-'))
fs.chmodSync(base, 0o755) // the postgres system user must reach the data directory
const PORT = 54900 + Math.floor(Math.random() * 50)

afterAll(() => fs.rmSync(base, { recursive: true, force: true }))

describe('embedded PostgreSQL', () => {
  it('initialises, serves SQL, stops, and keeps its data for the next start', async () => {
    const first = await startEmbeddedPostgres({ baseDir: base, port: PORT, log: () => {} })
    await query(first.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES (\'still here\')')
    expect(runningEmbeddedUrl(base)).toBe(first.url)
    await first.stop()
    expect(runningEmbeddedUrl(base)).toBeNull()

    const second = await startEmbeddedPostgres({ baseDir: base, port: PORT, log: () => {} })
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }])
    expect(withDatabase(second.url, 'galley')).toMatch(/\/galley$/)
    await second.stop()
  })

  it('stops a server left running by a killed process, says so, and starts cleanly', async () => {
    // A child process starts the server, then is killed with SIGKILL: PostgreSQL survives it.
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        '-e',
        `import('${path.join(ROOT, 'lib/server/embedded-postgres.ts')}').then(m => (m.startEmbeddedPostgres ?? m.default.startEmbeddedPostgres)({ baseDir: ${JSON.stringify(base)}, port: ${PORT}, log: () => {} })).then(() => console.log('READY'))`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => String(d).includes('READY') && resolve())
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)))
    })
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const orphanUrl = runningEmbeddedUrl(base)
    expect(orphanUrl).not.toBeNull() // the orphan is still serving

    const lines: string[] = []
    const server = await startEmbeddedPostgres({ baseDir: base, port: PORT, log: (l) => lines.push(l) })
    expect(lines.join('\n')).toMatch(/left running by an earlier run.*stopping it/)
    expect(await query(server.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }])
    await server.stop()
  })

  it('moves to the next free port when the configured one is taken', async () => {
    const squatter = net.createServer()
    await new Promise<void>((resolve) => squatter.listen(PORT, '127.0.0.1', resolve))
    try {
      const server = await startEmbeddedPostgres({ baseDir: base, port: PORT, log: () => {} })
      expect(server.port).toBeGreaterThan(PORT)
      expect(server.url).toContain(`:${server.port}/`)
      expect(await query(server.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }])
      await server.stop()
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
    }
  })
})

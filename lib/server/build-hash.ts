/**
 * Whether `.next` holds a production build of the current sources, so `npm start` builds only
 * when something changed. Node-only.
 */
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { spawn } from 'node:child_process'
import { ROOT } from './runtime'

const INPUTS = ['app', 'components', 'lib', 'public', 'proxy.ts', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json', 'prisma/schema.prisma']
/** Not part of the app: generated code, dependencies, and the test material beside the code. */
const SKIP = new Set(['generated', 'node_modules', 'fixtures', 'testdata'])
const STAMP = path.join(ROOT, '.next', 'galley-build-hash')

function addTree(hash: crypto.Hash, file: string): void {
  if (!fs.existsSync(file)) return
  const stat = fs.statSync(file)
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(file).sort()) {
      if (!SKIP.has(name) && !name.endsWith('.test.ts')) addTree(hash, path.join(file, name))
    }
    return
  }
  hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0')
}

export function sourceHash(): string {
  const hash = crypto.createHash('sha256')
  for (const input of INPUTS) addTree(hash, path.join(ROOT, input))
  return hash.digest('hex')
}

function builtHash(): string | null {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID')) || !fs.existsSync(STAMP)) return null
  return fs.readFileSync(STAMP, 'utf8').trim()
}

/** Run `next build` unless `.next` already holds a build of these sources; returns false if the build failed. */
export async function buildIfStale(env: NodeJS.ProcessEnv, log: (line: string) => void, force = false): Promise<boolean> {
  const hash = sourceHash() // the sources this build is made from
  if (!force && builtHash() === hash) return true
  log('Building Galley for production (only when the sources changed)…')
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
      cwd: ROOT,
      env: { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'inherit',
    })
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
  })
  if (code !== 0) return false
  fs.writeFileSync(STAMP, hash + '\n')
  return true
}

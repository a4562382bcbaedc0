/**
 * Whether `.next` holds a production build of the current sources, so `npm start` builds only
 * when something changed. Node-only.
 */
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { ROOT } from './runtime'

const INPUTS = ['app', 'components', 'lib', 'public', 'proxy.ts', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json', 'prisma/schema.prisma']
const SKIP = new Set(['generated', 'node_modules'])
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

export function buildIsCurrent(): boolean {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID')) || !fs.existsSync(STAMP)) return false
  return fs.readFileSync(STAMP, 'utf8').trim() === sourceHash()
}

export function recordBuild(): void {
  fs.writeFileSync(STAMP, sourceHash() + '\n')
}

/**
 * Components import no module of the data layer, not even for types: what they need lives in
 * lib/types (and the live client in lib/live/client.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..', '..')
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? files(full) : /\.tsx?$/.test(e.name) ? [full] : []
  })
}

describe('module boundaries', () => {
  it('no component, client type or live client module imports lib/db', () => {
    const offenders = [...files(path.join(ROOT, 'components')), ...files(path.join(ROOT, 'lib', 'types')), path.join(ROOT, 'lib', 'live', 'client.ts')].filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => /from ['"](@\/lib\/db|(\.\.\/)+(lib\/)?db)(\/|['"])/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f))
    expect(offenders).toEqual([])
  })

  it('no client component imports zod, directly or through a validation schema (zod compiles with eval, which the CSP blocks)', () => {
    const zodModules = files(path.join(ROOT, 'lib', 'validation')).filter((f) => /from ['"]zod['"]/.test(fs.readFileSync(f, 'utf8'))).map((f) => `@/lib/validation/${path.basename(f, '.ts')}`)
    // Every module under components/ may end up in the browser (client components import them).
    const offenders = [...files(path.join(ROOT, 'components')), ...files(path.join(ROOT, 'lib', 'types')).filter((f) => !f.endsWith('.test.ts'))]
      .filter((f) => {
        const src = fs.readFileSync(f, 'utf8')
        return /from ['"]zod['"]/.test(src) || zodModules.some((m) => src.includes(`'${m}'`))
      })
      .map((f) => path.relative(ROOT, f))
    expect(zodModules).toContain('@/lib/validation/webhooks')
    expect(offenders).toEqual([])
  })

  it('the check would catch one (it is not vacuous)', () => {
    expect(/from ['"](@\/lib\/db|(\.\.\/)+(lib\/)?db)(\/|['"])/.test("import type { X } from '@/lib/db/annotations'")).toBe(true)
  })
})

/** Test helpers: the fixtures, and findings shown as “exact → correction” lines. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Finding } from './types'

const root = path.resolve(__dirname, '../..')
export const fixture = (name: string) => readFileSync(path.join(root, 'lib/suggest/fixtures', name), 'utf8')
export const demoArticle = () => readFileSync(path.join(root, 'prisma/seed/demo-article.txt'), 'utf8')
export const federalist = () => readFileSync(path.join(root, 'bench/fixtures/federalist-2009.txt'), 'utf8').replace(/\r\n/g, '\n')

export function shown(text: string, findings: Finding[]): string[] {
  return findings.map((f) => `${f.check}: ${JSON.stringify(text.slice(f.start, f.end))} → ${JSON.stringify(f.correction)}`)
}

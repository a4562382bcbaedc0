/**
 * A big desk for the search benchmark: 10,000 articles (The Federalist Papers, 195k words, cut
 * into articles, then more articles made of its paragraphs in other orders) and 200,000
 * annotations (claims on sentences, a third of them checked; quotes; fixes on single words, half
 * of them reviewed), plus comments — written with COPY, one stream per table, never row by row. Deterministic (a seeded
 * generator), so two runs search the same desk. Node-only; used by scripts/bench.ts and
 * `npm run seed:desk`.
 */
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import postgres from 'postgres'

export type DeskSize = { articles: number; annotationsPerArticle: number; commentsEvery: number }
export const BENCH_DESK: DeskSize = { articles: 10_000, annotationsPerArticle: 20, commentsEvery: 10 }

/** A small, fast, seeded generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A COPY text-format field: NULL as \N, and the characters COPY treats specially escaped. */
const field = (v: unknown): string => {
  if (v === null || v === undefined) return '\\N'
  if (Array.isArray(v)) return field(`{${v.map((x) => `"${String(x).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`)
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}
const line = (values: unknown[]) => values.map(field).join('\t') + '\n'

async function copy(sql: postgres.Sql, table: string, columns: string[], rows: Iterable<unknown[]>): Promise<void> {
  const target = await sql.unsafe(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`).writable()
  // Lines are batched into chunks of about 1 MB: one write per line would cost more than the data.
  async function* chunks() {
    let buf = ''
    for (const r of rows) {
      buf += line(r)
      if (buf.length > 1 << 20) {
        yield buf
        buf = ''
      }
    }
    if (buf) yield buf
  }
  await pipeline(Readable.from(chunks()), target)
}

const VERDICTS = ['true', 'false', 'misleading', 'needs_context']
const CATEGORIES = ['name', 'fact', 'spelling', 'grammar', 'other']

/** Seed the desk into the database at `url` (migrated, with the demo users). Returns counts and time. */
export async function seedDesk(url: string, root: string, size: DeskSize = BENCH_DESK): Promise<{ articles: number; annotations: number; comments: number; ms: number }> {
  const started = performance.now()
  const text = fs.readFileSync(path.join(root, 'bench', 'fixtures', 'federalist-2009.txt'), 'utf8').replace(/\r\n/g, '\n')
  const paragraphs = text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.split(' ').length >= 12)
  const rnd = random(20261202)
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const users = await sql<Array<{ id: string }>>`SELECT id FROM "User" WHERE email IN ('editor@galley.test', 'reviewer@galley.test', 'admin@galley.test') ORDER BY email`
    if (users.length < 3) throw new Error('Seed the demo users first (scripts/seed.ts).')
    const people = users.map((u) => u.id)
    // Articles: first the corpus in order, about 400 words each; then paragraphs drawn at random.
    type Art = { id: string; title: string; body: string; by: string; at: Date; status: string }
    const articles: Art[] = []
    const start = Date.now() - 400 * 86_400_000
    const make = (title: string, parts: string[]) => {
      const i = articles.length
      articles.push({ id: crypto.randomUUID(), title, body: parts.join('\n\n'), by: people[i % 3], at: new Date(start + i * 3_456_000), status: i % 7 === 0 ? 'published' : i % 23 === 0 ? 'archived' : 'checking' })
    }
    let chunk: string[] = []
    let words = 0
    for (const p of paragraphs) {
      chunk.push(p)
      words += p.split(' ').length
      if (words >= 400) {
        make(`The Federalist, part ${articles.length + 1}: ${chunk[0].split(' ').slice(0, 6).join(' ')}`, chunk)
        chunk = []
        words = 0
      }
    }
    while (articles.length < size.articles) {
      const n = 2 + Math.floor(rnd() * 4)
      const parts = Array.from({ length: n }, () => paragraphs[Math.floor(rnd() * paragraphs.length)])
      make(`Desk story ${articles.length + 1}: ${parts[0].split(' ').slice(0, 6).join(' ')}`, parts)
    }
    articles.length = size.articles

    await copy(sql, 'Article', ['id', 'title', 'body', 'status', 'revision', 'createdById', 'createdAt', 'updatedAt'], (function* () {
      for (const a of articles) yield [a.id, a.title, a.body, a.status, 1, a.by, a.at.toISOString(), a.at.toISOString()]
    })())
    await copy(sql, 'ArticleRevision', ['articleId', 'number', 'body', 'reason', 'createdById', 'createdAt'], (function* () {
      for (const a of articles) yield [a.id, 1, a.body, 'imported', a.by, a.at.toISOString()]
    })())

    // Annotations: sentences (claims, quotes) and words (fixes), at their offsets (ASCII: code
    // units are code points), with 32 characters of context either side.
    let annotations = 0
    let comments = 0
    const commentRows: unknown[][] = []
    const reviewRows: unknown[][] = []
    function* annotationRows() {
      for (const a of articles) {
        const sentences = [...a.body.matchAll(/[^.!?\n]+[.!?]/g)].map((m) => ({ start: m.index! + (m[0].length - m[0].trimStart().length), exact: m[0].trim() })).filter((s) => s.exact.length > 20)
        for (let k = 0; k < size.annotationsPerArticle && sentences.length; k++) {
          const s = sentences[Math.floor(rnd() * sentences.length)]
          const kind = k % 4 === 3 ? 'quote' : k % 2 === 1 ? 'error' : 'claim'
          let startAt = s.start
          let exact = s.exact
          if (kind === 'error') {
            const ws = [...s.exact.matchAll(/[A-Za-z]{4,}/g)]
            if (!ws.length) continue
            const w = ws[Math.floor(rnd() * ws.length)]
            startAt = s.start + w.index!
            exact = w[0]
          }
          const end = startAt + exact.length
          const id = crypto.randomUUID()
          const by = people[(annotations + k) % 3]
          const at = new Date(a.at.getTime() + k * 60_000)
          const verdict = kind === 'claim' ? (rnd() < 0.35 ? VERDICTS[Math.floor(rnd() * VERDICTS.length)] : 'unverified') : null
          const status = kind === 'error' ? (['open', 'approved', 'rejected', 'open'] as const)[Math.floor(rnd() * 4)] : 'open'
          annotations++
          // A decided fix has its review: someone else, some hours after it was proposed.
          if (status === 'approved' || status === 'rejected') reviewRows.push([id, people[(people.indexOf(by) + 1) % 3], status === 'approved' ? 'approve' : 'reject', new Date(at.getTime() + Math.floor(rnd() * 72) * 3_600_000).toISOString()])
          if (annotations % size.commentsEvery === 0) {
            comments++
            commentRows.push([crypto.randomUUID(), id, people[(comments + 1) % 3], `Checked against ${['the wire', 'the transcript', 'the council minutes', 'the company bio'][comments % 4]} (item ${comments}).`, at.toISOString()])
          }
          yield [
            id, a.id, kind, startAt, end, exact, a.body.slice(Math.max(0, startAt - 32), startAt), a.body.slice(end, end + 32),
            kind === 'error' ? exact.toLowerCase() === exact ? exact[0].toUpperCase() + exact.slice(1) : exact.toLowerCase() : null,
            kind === 'error' ? CATEGORIES[Math.floor(rnd() * CATEGORIES.length)] : null,
            verdict, kind === 'quote' ? 'Publius' : null, kind === 'quote' ? rnd() < 0.5 : null,
            verdict && verdict !== 'unverified' ? [`https://archive.example/federalist/${Math.floor(rnd() * 85) + 1}`] : [],
            kind === 'claim' && verdict !== 'unverified' ? 'Checked against the 1788 edition.' : '',
            status, by, [by], at.toISOString(), at.toISOString(),
            status === 'approved' ? exact : null, status === 'approved' ? (exact.toLowerCase() === exact ? exact[0].toUpperCase() + exact.slice(1) : exact.toLowerCase()) : null,
          ]
        }
      }
    }
    await copy(sql, 'Annotation', ['id', 'articleId', 'kind', 'start', 'end', 'exact', 'prefix', 'suffix', 'correction', 'category', 'verdict', 'speaker', 'verified', 'sources', 'note', 'status', 'createdById', 'contributorIds', 'createdAt', 'updatedAt', 'approvedExact', 'approvedCorrection'], annotationRows())
    await copy(sql, 'Comment', ['id', 'annotationId', 'authorId', 'body', 'createdAt'], commentRows)
    await copy(sql, 'Review', ['annotationId', 'reviewerId', 'decision', 'at'], reviewRows)
    // VACUUM as well as ANALYZE: rows written by COPY are not yet marked all-visible, which a live
    // database's autovacuum soon does; until then no query could read an index alone (the report does).
    await sql`VACUUM (ANALYZE) "Review"`
    await sql`VACUUM (ANALYZE) "Article"`
    await sql`VACUUM (ANALYZE) "Annotation"`
    await sql`ANALYZE "Comment"`
    await sql`ANALYZE "SearchWord"`
    return { articles: articles.length, annotations, comments, ms: performance.now() - started }
  } finally {
    await sql.end()
  }
}

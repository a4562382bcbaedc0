/**
 * `npm run bench`: speed goals as ratios against baselines measured in the same run.
 *
 *  1. Rendering: a 20,000-word article (The Federalist Papers) with 2,000 annotations, 10% of
 *     them overlapping, painted in Chromium from the moment its data arrives; against the same
 *     article with no annotations. Goals: ≤ 120 ms, ≤ 1.5x; one more annotation within a frame.
 *  2. Writes: annotations created through the API by 32 concurrent clients, against a bare
 *     INSERT of the same row plus its audit row in one transaction on the same database.
 *     Goals: ≥ 0.5x the bare rate; p99 < 50 ms.
 *  3. Exports: 195k words with 5,000 approved fixes, every format, against GET of the article.
 *     Goals: < 500 ms each, linear in the fixes.
 */
import fs from 'node:fs'
import path from 'node:path'
import http from 'node:http'
import postgres from 'postgres'
import { chromium } from '@playwright/test'
import { ROOT, ensurePrismaClient } from '@/lib/server/runtime'
import { startTestEnvironment } from '@/lib/server/test-env'
import { ApiClient } from '@/lib/testing/api-client'
import search from 'approx-string-match'
import { OffsetMap } from '@/lib/text/offsets'
import { splitSentences } from '@/lib/text/sentences'
import { describeSpan } from '@/lib/anchoring/describe'
import { reanchor } from '@/lib/anchoring/reanchor'
import { applyFixes } from '@/lib/corrections/apply'
import { renderExport, type ExportInput } from '@/lib/export/article-export'

const log = (line: string) => console.log(`[bench] ${line}`)
const WORDS = 20_000
const ANNOTATIONS = 2_000
const OVERLAP_SHARE = 0.1
const RUNS = Number(process.env.BENCH_RUNS ?? 9) // medians of several runs: single paints vary by ±10 ms
const CLIENTS = 32
const WRITE_SECONDS = Number(process.env.BENCH_WRITE_SECONDS ?? 8)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]

/** The first 20,000 words, with paragraphs kept (the file is CRLF). */
function longArticle(): string {
  const text = fs.readFileSync(path.join(ROOT, 'bench', 'fixtures', 'federalist-1998.txt'), 'utf8').replace(/\r\n/g, '\n')
  let words = 0
  const re = /\S+/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) && ++words < WORDS);
  return text.slice(0, m ? m.index + m[0].length : text.length)
}

/** 2,000 word-aligned spans: 90% disjoint, 10% overlapping one of those. */
function spans(body: string): Array<{ start: number; end: number; exact: string; kind: string }> {
  const words = [...body.matchAll(/\S+/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }))
  const disjoint = Math.round(ANNOTATIONS * (1 - OVERLAP_SHARE))
  const step = Math.floor(words.length / disjoint)
  const out: Array<{ start: number; end: number; exact: string; kind: string }> = []
  const kinds = ['claim', 'quote', 'error']
  for (let i = 0; i < disjoint; i++) {
    const a = words[i * step]
    const b = words[Math.min(words.length - 1, i * step + 2)]
    out.push({ start: a.start, end: b.end, exact: body.slice(a.start, b.end), kind: kinds[i % 3] })
  }
  for (let i = 0; i < ANNOTATIONS - disjoint; i++) {
    const a = words[i * step * 9 + 1]
    const b = words[Math.min(words.length - 1, i * step * 9 + 4)]
    out.push({ start: a.start, end: b.end, exact: body.slice(a.start, b.end), kind: kinds[(i + 1) % 3] })
  }
  return out // the text is ASCII, so UTF-16 indexes are code points
}

async function renderBench(env: { baseUrl: string; databaseUrl: string }) {
  const body = longArticle()
  const sql = postgres(env.databaseUrl, { max: 4, onnotice: () => {} })
  const [editor] = await sql`SELECT id FROM "User" WHERE email = 'editor@galley.test'`
  const [article] = await sql`INSERT INTO "Article" (title, body, "createdById", "updatedAt") VALUES ('Bench: The Federalist', ${body}, ${editor.id}, now()) RETURNING id`
  const rows = spans(body).map((s) => ({
    articleId: article.id,
    kind: s.kind,
    start: s.start,
    end: s.end,
    exact: s.exact,
    prefix: body.slice(Math.max(0, s.start - 32), s.start),
    suffix: body.slice(s.end, s.end + 32),
    correction: s.kind === 'error' ? 'fixed' : null,
    category: s.kind === 'error' ? 'other' : null,
    verdict: s.kind === 'claim' ? 'unverified' : null,
    createdById: editor.id,
    updatedAt: new Date(),
  }))
  await sql`INSERT INTO "Annotation" ${sql(rows)}`
  await sql.end()

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const client = await ApiClient.as('editor@galley.test')
  const [name, value] = client.cookieHeader.split(';').map((c) => c.trim()).find((c) => c.includes('session-token'))!.split(/=(.*)/s)
  await context.addCookies([{ name, value, url: env.baseUrl }])
  const page = await context.newPage()
  const measure = async (withAnnotations: boolean) => {
    await page.goto(`${env.baseUrl}/bench/render?article=${article.id}&annotations=${withAnnotations ? 1 : 0}`)
    await page.waitForFunction(() => window.__galleyBench, undefined, { timeout: 60_000 })
    return page.evaluate(() => window.__galleyBench!)
  }
  await measure(true) // warm the caches once
  const empty: number[] = []
  const full: number[] = []
  const add: number[] = []
  const work: number[] = []
  let segments = 0
  for (let i = 0; i < RUNS; i++) {
    empty.push((await measure(false)).renderMs)
    const r = await measure(true)
    full.push(r.renderMs)
    add.push(r.addMs)
    work.push(r.workMs)
    segments = r.segments
  }
  await browser.close()
  const e = median(empty)
  const f = median(full)
  const a = median(add)
  log(`Rendering ${WORDS.toLocaleString('en')} words, ${ANNOTATIONS.toLocaleString('en')} annotations (${OVERLAP_SHARE * 100}% overlapping), ${segments.toLocaleString('en')} elements, median of ${RUNS}:`)
  log(`  no annotations (baseline)  ${e.toFixed(1)} ms`)
  log(`  with annotations           ${f.toFixed(1)} ms  = ${(f / e).toFixed(2)}x baseline  (goals: ≤ 120 ms, ≤ 1.5x) ${f <= 120 && f / e <= 1.5 ? 'MET' : 'MISSED'}`)
  log(`  one new annotation         ${a.toFixed(1)} ms  = ${(a / 16.7).toFixed(2)} frames (goal: ≤ 1 frame) ${a <= 16.7 ? 'MET' : 'MISSED'}; of which main-thread work ${median(work).toFixed(1)} ms`)
}

async function writeBench(env: { databaseUrl: string }) {
  const sql = postgres(env.databaseUrl, { max: CLIENTS + 2, onnotice: () => {} })
  const [editor] = await sql`SELECT id FROM "User" WHERE email = 'editor@galley.test'`
  const [article] = await sql`SELECT id, body FROM "Article" WHERE title = ${'Huawei in early talks with U.S. firms on 5G licensing'}`
  const body: string = article.body
  const exact = 'Vincent Pain'
  const start = [...body.slice(0, body.indexOf(exact))].length
  const payload = { kind: 'claim', start, end: start + exact.length, exact, note: 'bench' }

  // Baseline: the same annotation row and its audit row, one transaction, straight SQL.
  const bare = async (deadline: number, latencies: number[]) => {
    while (Date.now() < deadline) {
      const t = performance.now()
      await sql.begin(async (tx) => {
        const [row] = await tx`INSERT INTO "Annotation" ("articleId", kind, start, "end", exact, prefix, suffix, verdict, note, "createdById", "updatedAt")
          VALUES (${article.id}, 'claim', ${start}, ${start + exact.length}, ${exact}, '', '', 'unverified', 'bench', ${editor.id}, now()) RETURNING id`
        await tx`INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", after) VALUES (${editor.id}, 'annotation.create', 'Annotation', ${row.id}, ${sql.json({ id: row.id })})`
      })
      latencies.push(performance.now() - t)
    }
  }
  // Load comes from plain keep-alive HTTP/1.1 requests (node:http), which cost the client far less
  // CPU than fetch: on 2 cores the load generator competes with the server it measures.
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => ApiClient.as('editor@galley.test')))
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS })
  const url = new URL(`${process.env.GALLEY_TEST_BASE_URL}/api/articles/${article.id}/annotations`)
  const json = JSON.stringify(payload)
  const post = (cookie: string | null) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }
      if (cookie) headers.cookie = cookie
      const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(json)
    })
  const loop = (cookie: string | null, expected: number) => async (deadline: number, latencies: number[]) => {
    while (Date.now() < deadline) {
      const t = performance.now()
      const res = await post(cookie)
      if (res.status !== expected) throw new Error(`The API answered ${res.status}, not ${expected}: ${res.body}`)
      latencies.push(performance.now() - t)
    }
  }
  const viaApi = (client: ApiClient) => loop(client.cookieHeader, 201)
  const run = async (workers: Array<(deadline: number, latencies: number[]) => Promise<void>>) => {
    const latencies: number[] = []
    const started = Date.now()
    const deadline = started + WRITE_SECONDS * 1000
    await Promise.all(workers.map((w) => w(deadline, latencies)))
    return { rate: latencies.length / ((Date.now() - started) / 1000), p99: percentile(latencies, 0.99), n: latencies.length }
  }
  // The floor: the same request without a session is refused (401) by the same route before any
  // body parsing or database work: what the framework and server cost before any handler work.
  const refused = loop(null, 401)
  await run(clients.slice(0, 4).map(viaApi)) // warm-up
  const baseline = await run(Array.from({ length: CLIENTS }, () => bare))
  const floor = await run(Array.from({ length: CLIENTS }, () => refused))
  const api = await run(clients.map(viaApi))
  await sql.end()
  agent.destroy()
  const ratio = (r: { rate: number }) => `${(r.rate / baseline.rate).toFixed(2)}x baseline`
  log(`Creating annotations, ${CLIENTS} concurrent clients, ${WRITE_SECONDS} s each:`)
  log(`  bare INSERT + audit (baseline)  ${baseline.rate.toFixed(0)}/s  p99 ${baseline.p99.toFixed(1)} ms`)
  log(`  the route refusing (401, floor) ${floor.rate.toFixed(0)}/s  p99 ${floor.p99.toFixed(1)} ms  = ${ratio(floor)}  (no body, no database: the most any handler could reach)`)
  log(`  POST /api/…/annotations        ${api.rate.toFixed(0)}/s  p99 ${api.p99.toFixed(1)} ms  = ${ratio(api)}, ${(api.rate / floor.rate).toFixed(2)}x the floor  (goals: ≥ 0.5x, p99 < 50 ms) ${api.rate / baseline.rate >= 0.5 && api.p99 < 50 ? 'MET' : 'MISSED'}`)
}

const EXPORT_FIXES = 5_000
const CATEGORIES = ['name', 'fact', 'quote', 'spelling', 'grammar', 'other'] as const

/** 5,000 approved fixes on one-word spans spread over the text, categories in turn. */
function exportFixes(body: string, count: number) {
  const words = [...body.matchAll(/[A-Za-z]{3,}/g)]
  const step = words.length / count
  return Array.from({ length: count }, (_, i) => {
    const m = words[Math.floor(i * step)]
    const exact = m[0]
    // A name fix corrects a capitalised word, as "Pain" → "Pang" does.
    return { start: m.index!, end: m.index! + exact.length, exact, correction: `${exact.slice(0, -1)}${exact.endsWith('e') ? 'a' : 'e'}`, category: CATEGORIES[i % CATEGORIES.length] }
  })
}

/**
 * Exporting the whole Federalist Papers (195k words) with 5,000 approved fixes, every format,
 * through the API; against the same server answering GET /api/articles/:id for that article (the
 * body as JSON: reading and sending the text, no export work). In-process too, at 2,500 and 5,000
 * fixes, to show the cost is linear in the fixes. Checks that the text export is exactly the body
 * with the fixes applied.
 */
async function exportBench(env: { databaseUrl: string; baseUrl: string }) {
  const body = fs.readFileSync(path.join(ROOT, 'bench', 'fixtures', 'federalist-2009.txt'), 'utf8').replace(/\r\n/g, '\n')
  const fixes = exportFixes(body, EXPORT_FIXES)
  const sql = postgres(env.databaseUrl, { max: 4, onnotice: () => {} })
  const [editor] = await sql`SELECT id FROM "User" WHERE email = 'editor@galley.test'`
  const [article] = await sql`INSERT INTO "Article" (title, body, "createdById", "updatedAt") VALUES ('Bench: The Federalist, 5,000 fixes', ${body}, ${editor.id}, now()) RETURNING id`
  await sql`INSERT INTO "ArticleRevision" ("articleId", number, body, reason, "createdById") VALUES (${article.id}, 1, ${body}, 'imported', ${editor.id})`
  const rows = fixes.map((f) => ({
    articleId: article.id,
    kind: 'error',
    start: f.start,
    end: f.end,
    exact: f.exact,
    prefix: body.slice(Math.max(0, f.start - 32), f.start),
    suffix: body.slice(f.end, f.end + 32),
    correction: f.correction,
    category: f.category,
    status: 'approved',
    approvedExact: f.exact,
    approvedCorrection: f.correction,
    createdById: editor.id,
    updatedAt: new Date(),
  }))
  for (let i = 0; i < rows.length; i += 1000) await sql`INSERT INTO "Annotation" ${sql(rows.slice(i, i + 1000))}`
  await sql.end()
  const client = await ApiClient.as('editor@galley.test')
  const timeGet = async (url: string) => {
    const t = performance.now()
    const res = await client.raw(url)
    const text = await res.text()
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 200)}`)
    return { ms: performance.now() - t, text }
  }
  const expected = applyFixes(body, fixes.map((f, i) => ({ id: String(i), ...f })))
  await timeGet(`/api/articles/${article.id}`) // warm up
  const floorRuns: number[] = []
  for (let i = 0; i < 3; i++) floorRuns.push((await timeGet(`/api/articles/${article.id}`)).ms)
  const floor = median(floorRuns)
  log(`Exporting ${(body.match(/\S+/g) ?? []).length.toLocaleString('en')} words with ${EXPORT_FIXES.toLocaleString('en')} approved fixes (categories in turn), median of 3, through the API:`)
  log(`  GET /api/articles/:id (baseline)   ${floor.toFixed(0)} ms`)
  for (const format of ['text', 'markdown', 'html', 'json', 'w3c', 'claimreview']) {
    const runs: number[] = []
    let last = ''
    for (let i = 0; i < 3; i++) {
      const r = await timeGet(`/api/articles/${article.id}/export?format=${format}`)
      runs.push(r.ms)
      last = r.text
    }
    if (format === 'text' && last !== expected) throw new Error('The text export is not the body with the approved fixes applied.')
    const ms = median(runs)
    log(`  export ${format.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms = ${(ms / floor).toFixed(2)}x baseline, ${(last.length / 1024).toFixed(0)} KiB  (goal: < 500 ms) ${ms < 500 ? 'MET' : 'MISSED'}`)
  }
  // In-process, no database or HTTP: the export itself, at half and all of the fixes.
  const inProcess = (n: number) => {
    const input: ExportInput = {
      article: { id: article.id, title: 'Bench', body, sourceUrl: null, revision: 1 },
      annotations: fixes.slice(0, n).map((f, i) => ({ id: String(i), kind: 'error', status: 'approved', approvedExact: f.exact, approvedCorrection: f.correction, orphaned: false, ...f })),
      reviews: [],
    }
    const runs: number[] = []
    for (let i = 0; i < 3; i++) {
      const t = performance.now()
      renderExport('html', input, { origin: 'http://bench', publisher: { name: 'Bench' } })
      runs.push(performance.now() - t)
    }
    return median(runs)
  }
  const half = inProcess(EXPORT_FIXES / 2)
  const all = inProcess(EXPORT_FIXES)
  log(`  in-process HTML export: ${(EXPORT_FIXES / 2).toLocaleString('en')} fixes ${half.toFixed(0)} ms, ${EXPORT_FIXES.toLocaleString('en')} fixes ${all.toFixed(0)} ms = ${(all / half).toFixed(2)}x for 2x the fixes (linear: about 2x or less) ${all / half <= 2.5 ? 'MET' : 'MISSED'}`)
}

/**
 * Re-anchoring 1,000 sentence annotations from the 1998 to the 2009 edition of The Federalist
 * Papers (195k words, rewrapped, 364 corrections), against a Hypothesis-style search (indexOf,
 * then approx-string-match) of the same annotations. A span whose text survives verbatim in the
 * new edition must land on an occurrence of it; one whose text changed must land on similar text
 * or be orphaned.
 */
function reanchorBench() {
  const before = fs.readFileSync(path.join(ROOT, 'bench', 'fixtures', 'federalist-1998.txt'), 'utf8')
  const after = fs.readFileSync(path.join(ROOT, 'bench', 'fixtures', 'federalist-2009.txt'), 'utf8')
  const map = new OffsetMap(before)
  // Sentences inside the essays (the Gutenberg headers differ wholesale), evenly spread.
  const sentences = splitSentences(before).filter((s) => s.end - s.start >= 40 && !/\r?\n\r?\n/.test(before.slice(s.start, s.end)))
  const step = sentences.length / 1000
  const anns = Array.from({ length: 1000 }, (_, i) => sentences[Math.floor(i * step)]).map((s, i) => ({ id: String(i), ...describeSpan(before, map.toCodePoint(s.start), map.toCodePoint(s.end), map) }))
  const hypothesisStyle = () =>
    anns.map((a) => {
      const at = after.indexOf(a.exact)
      if (at >= 0) return { start: at, end: at + a.exact.length }
      const found = search(after, a.exact, Math.min(256, Math.floor(a.exact.length / 2)))
      found.sort((x, y) => x.errors - y.errors)
      return found[0] ? { start: found[0].start, end: found[0].end } : null
    })
  const time = <T>(f: () => T): [T, number] => {
    const t = performance.now()
    const r = f()
    return [r, performance.now() - t]
  }
  const runs: number[] = []
  let result = reanchor(before, after, anns)
  for (let i = 0; i < 3; i++) {
    const [r, ms] = time(() => reanchor(before, after, anns))
    result = r
    runs.push(ms)
  }
  const [baseline, baseMs] = time(hypothesisStyle)
  const newMap = new OffsetMap(after)
  let misplaced = 0
  let lost = 0
  let baseMisplaced = 0
  const similar = (x: string, y: string) => {
    const a = new Set(x.toLowerCase().split(/\W+/))
    const b = y.toLowerCase().split(/\W+/)
    return b.filter((w) => a.has(w)).length / Math.max(b.length, 1) >= 0.5
  }
  anns.forEach((a, i) => {
    const r = result.results[i]
    const survives = after.includes(a.exact)
    const landed = r.status === 'orphaned' ? null : newMap.slice(r.start, r.end)
    if (survives && landed === null) lost++
    else if (survives && landed !== a.exact) misplaced++
    else if (!survives && landed !== null && !similar(a.exact, landed)) misplaced++
    const b = baseline[i]
    const bText = b ? after.slice(b.start, b.end) : null
    if (survives ? bText !== a.exact : bText !== null && !similar(a.exact, bText)) baseMisplaced++
  })
  const ms = median(runs)
  log(`Re-anchoring 1,000 annotations, Federalist Papers 1998 → 2009 (195k words), median of 3:`)
  log(`  Hypothesis-style search (baseline)  ${baseMs.toFixed(0)} ms, ${baseMisplaced} misplaced`)
  log(`  Galley (diff, stretch, fuzzy)       ${ms.toFixed(0)} ms = ${(ms / baseMs).toFixed(2)}x baseline, ${JSON.stringify(result.counts)}, ${misplaced} misplaced, ${lost} lost  (goals: ≤ 350 ms, 0 misplaced, 0 lost) ${ms <= 350 && misplaced === 0 && lost === 0 ? 'MET' : 'MISSED'}`)
}

async function main() {
  ensurePrismaClient()
  if (process.argv[2] === 'reanchor') return reanchorBench()
  const env = await startTestEnvironment({ label: 'bench', port: Number(process.env.GALLEY_BENCH_PORT ?? 3200), log })
  process.env.GALLEY_TEST_BASE_URL = env.baseUrl
  try {
    const which = process.argv[2] ?? 'all'
    if (which === 'all' || which === 'render') await renderBench(env)
    if (which === 'all' || which === 'write') await writeBench(env)
    if (which === 'all' || which === 'export') await exportBench(env)
    if (which === 'all') reanchorBench()
  } finally {
    await env.stop()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)

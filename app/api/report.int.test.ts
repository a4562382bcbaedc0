/**
 * GET /api/report against figures counted by hand: a desk of January 2020 written straight into
 * the database with chosen times (no other suite writes in 2020, so the whole desk's figures for
 * that month are exactly these), then the API's JSON and CSV.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient } from '@/lib/testing/api-client'
import { db, disconnectDb } from '@/lib/db/client'

afterAll(disconnectDb)
let editor: ApiClient
const id = () => crypto.randomUUID()
const A = id()
const [f1, f2, f3, f4, f5, f6] = [id(), id(), id(), id(), id(), id()]
const B = id()
const HOSTILE_TITLE = 'Budget;=1+1;x, -2+3; @SUM(A1)'

beforeAll(async () => {
  editor = await ApiClient.as('editor@galley.test')
  const users = await db().user.findMany({ where: { email: { in: ['editor@galley.test', 'reviewer@galley.test'] } }, select: { id: true, email: true } })
  const ed = users.find((u) => u.email === 'editor@galley.test')!.id
  const rv = users.find((u) => u.email === 'reviewer@galley.test')!.id
  const body = 'Vincent Pain spoke on Friday. The council built 42 crossings. Talks are weeks old. The UNITED STATE objected.'
  await db().$executeRaw`INSERT INTO "Article" (id, title, body, "createdById", "createdAt", "updatedAt") VALUES (${A}::uuid, 'Report fixture, January 2020', ${body}, ${ed}::uuid, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`
  const fix = (fid: string, category: string, at: string, extra = '') =>
    db().$executeRawUnsafe(
      `INSERT INTO "Annotation" (id, "articleId", kind, start, "end", exact, prefix, suffix, correction, category, "createdById", "contributorIds", "createdAt", "updatedAt"${extra ? ', "deletedAt"' : ''})
       VALUES ($1::uuid, $2::uuid, 'error', 8, 12, 'Pain', 'Vincent ', ' spoke', 'Pang', $3::"ErrorCategory", $4::uuid, ARRAY[$4::uuid], $5::timestamptz, $5::timestamptz${extra ? ', $5::timestamptz' : ''})`,
      fid, A, category, ed, at,
    )
  await fix(f1, 'name', '2020-01-02T00:00:00Z')
  await fix(f2, 'name', '2020-01-02T00:00:00Z')
  await fix(f3, 'spelling', '2020-01-05T00:00:00Z')
  await fix(f4, 'fact', '2020-01-10T00:00:00Z')
  await fix(f5, 'fact', '2019-12-31T00:00:00Z') // proposed before the month, reviewed after it
  await fix(f6, 'name', '2020-01-12T00:00:00Z', 'deleted') // deleted: never counted
  const claim = (verdict: string, at: string) =>
    db().$executeRawUnsafe(
      `INSERT INTO "Annotation" (id, "articleId", kind, start, "end", exact, prefix, suffix, verdict, "createdById", "contributorIds", "createdAt", "updatedAt")
       VALUES ($1::uuid, $2::uuid, 'claim', 30, 61, 'The council built 42 crossings.', '', '', $3::"Verdict", $4::uuid, ARRAY[$4::uuid], $5::timestamptz, $5::timestamptz)`,
      id(), A, verdict, ed, at,
    )
  await claim('false', '2020-01-04T00:00:00Z')
  await claim('false', '2020-01-04T00:00:00Z')
  await claim('true', '2020-01-07T00:00:00Z')
  await claim('unverified', '2020-01-08T00:00:00Z')
  await claim('true', '2020-02-02T00:00:00Z') // after the month
  const review = (fid: string, decision: string, at: string) => db().$executeRawUnsafe(`INSERT INTO "Review" ("annotationId", "reviewerId", decision, at) VALUES ($1::uuid, $2::uuid, $3::"ReviewDecision", $4::timestamptz)`, fid, rv, decision, at)
  await review(f1, 'approve', '2020-01-02T01:00:00Z') // 1 h
  await review(f2, 'reject', '2020-01-02T03:00:00Z') // 3 h
  await review(f3, 'approve', '2020-01-05T02:00:00Z') // 2 h
  await review(f5, 'approve', '2020-02-01T00:00:00Z') // outside
  const publish = (applied: string[], at: string) =>
    db().$executeRawUnsafe(`INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", after, at) VALUES ($1::uuid, 'article.publish', 'Article', $2, $3::jsonb, $4::timestamptz)`, ed, A, JSON.stringify({ revision: 2, applied }), at)
  await publish([f1], '2020-01-03T00:00:00Z') // 24 h after it was proposed
  await publish([f3], '2020-01-06T12:00:00Z') // 36 h
  // March 2020: a story whose title a spreadsheet splitting on ";" would run the middle of.
  await db().$executeRaw`INSERT INTO "Article" (id, title, body, "createdById", "createdAt", "updatedAt") VALUES (${B}::uuid, ${HOSTILE_TITLE}, ${body}, ${ed}::uuid, '2020-03-01T00:00:00Z', '2020-03-01T00:00:00Z')`
  await db().$executeRawUnsafe(
    `INSERT INTO "Annotation" (id, "articleId", kind, start, "end", exact, prefix, suffix, correction, category, "createdById", "contributorIds", "createdAt", "updatedAt")
     VALUES ($1::uuid, $2::uuid, 'error', 8, 12, 'Pain', 'Vincent ', ' spoke', 'Pang', 'name', $3::uuid, ARRAY[$3::uuid], '2020-03-02T00:00:00Z', '2020-03-02T00:00:00Z')`,
    id(), B, ed,
  )
})

describe('GET /api/report', () => {
  it('counts January 2020 as counted by hand: by category, how fast, claims by verdict, per article and person', async () => {
    const res = await editor.get('/api/report?from=2020-01-01&to=2020-01-31')
    expect(res.status).toBe(200)
    const r = res.body
    expect(r.from).toBe('2020-01-01T00:00:00.000Z')
    expect(r.to).toBe('2020-02-01T00:00:00.000Z')
    const cat = Object.fromEntries(r.fixes.byCategory.map((c: any) => [c.category, [c.proposed, c.approved, c.rejected, c.published]]))
    expect(cat).toEqual({ name: [2, 1, 1, 1], fact: [1, 0, 0, 0], quote: [0, 0, 0, 0], spelling: [1, 1, 0, 1], grammar: [0, 0, 0, 0], other: [0, 0, 0, 0] })
    expect(r.fixes.totals).toEqual({ proposed: 4, approved: 2, rejected: 1, published: 2 })
    // Reviews after 1 h, 3 h and 2 h: median 2 h; p90 (linear, as percentile_cont) 7200 + 0.8 × 3600.
    expect(r.timeToReview).toEqual({ count: 3, medianSeconds: 7200, p90Seconds: 10080 })
    // Published 24 h and 36 h after proposal.
    expect(r.timeToPublication).toEqual({ count: 2, medianSeconds: 108000, p90Seconds: 125280 })
    expect(Object.fromEntries(r.claimsByVerdict.map((v: any) => [v.verdict, v.count]))).toEqual({ unverified: 1, true: 1, false: 2, misleading: 0, needs_context: 0 })
    expect(r.articles).toEqual([{ id: A, title: 'Report fixture, January 2020', proposed: 4, approved: 2, rejected: 1, published: 2, claims: 4 }])
    expect(r.people.map((p: any) => [p.name, p.proposed, p.reviews, p.claims])).toEqual([
      ['Demo Editor', 4, 0, 4],
      ['Demo Reviewer', 0, 3, 0],
    ])
    // One article's figures: the same here; another article's: none.
    expect((await editor.get(`/api/report?from=2020-01-01&to=2020-01-31&article=${A}`)).body.fixes.totals).toEqual(r.fixes.totals)
    expect((await editor.get(`/api/report?from=2020-01-01&to=2020-01-31&article=${id()}`)).body.fixes.totals).toEqual({ proposed: 0, approved: 0, rejected: 0, published: 0 })
  })

  it('downloads the same figures as CSV, and refuses a bad period with 422', async () => {
    const res = await editor.get('/api/report?from=2020-01-01&to=2020-01-31&format=csv')
    expect(res.status).toBe(200)
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body)
    // Every text cell quoted (OWASP, CSV injection); numbers bare.
    expect(text).toContain('"fixes_by_category","name",,2,1,1,1')
    expect(text).toContain('"time","proposal_to_review",,,,,,,,3,7200,10080')
    expect(text).toContain(`"articles","${A}","Report fixture, January 2020",4,2,1,2,4`)
    for (const q of ['from=2020-02-01&to=2020-01-01', 'from=yesterday', 'to=2020-13-40', 'format=xlsx']) {
      const bad = await editor.get(`/api/report?${q}`)
      expect(bad.status, q).toBe(422)
      expect(bad.body.error.code).toBe('validation_failed')
    }
    expect((await new ApiClient().get('/api/report')).status).toBe(401)
  })

  it('writes a title with separators and formulas inside as one quoted text cell no spreadsheet runs, whatever it splits on', async () => {
    const res = await editor.get('/api/report?from=2020-03-01&to=2020-03-31&format=csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body)
    expect(text).toContain(`"articles","${B}","Budget;'=1+1;x, '-2+3; '@SUM(A1)",1,0,0,0,0`)
    // Split as a spreadsheet set to ";" (German, French) or "," or tab does, quotes or no quotes:
    // no cell starts with a formula character.
    for (const sep of [';', ',', '\t']) {
      for (const cell of text.split(/\r\n/).flatMap((line: string) => line.split(sep))) expect(cell.replace(/^[ "]+/, ''), `${cell} (split on ${JSON.stringify(sep)})`).not.toMatch(/^[=+\-@\t\r\n]/)
    }
  })
})

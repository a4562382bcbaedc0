/**
 * Races against the running server and real PostgreSQL: reviewers approving overlapping fixes at
 * the same moment, editors saving the same version, and 32 editors writing for a while.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, unique } from '@/lib/testing/api-client'
import { createUser } from '@/lib/db/users'
import { db, disconnectDb } from '@/lib/db/client'

const SOAK_SECONDS = Number(process.env.GALLEY_SOAK_SECONDS ?? 60)
const BODY = 'WASHINGTON – Vincent Pain, senior vice head of state, spoke on Friday.'
const at = (needle: string) => ({ start: BODY.indexOf(needle), end: BODY.indexOf(needle) + needle.length, exact: needle })

let editors: ApiClient[]
let reviewers: ApiClient[]
beforeAll(async () => {
  const make = async (role: 'editor' | 'reviewer') => {
    const { user } = await createUser({ email: `${unique(role)}@race.test`, name: role, role, password: 'race-password-1' })
    return ApiClient.as(user.email, 'race-password-1')
  }
  editors = await Promise.all([make('editor'), make('editor')])
  reviewers = await Promise.all([make('reviewer'), make('reviewer')])
}, 60_000)
afterAll(disconnectDb)

describe('races', () => {
  it('two reviewers approving overlapping fixes at the same moment, 100 times: exactly one approval each time', async () => {
    const outcomes: string[] = []
    for (let round = 0; round < 100; round++) {
      const article = (await editors[0].post('/api/articles', { title: unique('Race'), body: BODY })).body
      const [x, y] = await Promise.all([
        editors[0].post(`/api/articles/${article.id}/annotations`, { kind: 'error', ...at('Vincent Pain'), correction: 'Vincent Pang', category: 'name' }),
        editors[1].post(`/api/articles/${article.id}/annotations`, { kind: 'error', ...at('Pain'), correction: 'Pang', category: 'name' }),
      ])
      const results = await Promise.all([
        reviewers[0].post(`/api/annotations/${x.body.id}/review`, { decision: 'approve' }),
        reviewers[1].post(`/api/annotations/${y.body.id}/review`, { decision: 'approve' }),
      ])
      const approved = await db().annotation.count({ where: { articleId: article.id, status: 'approved' } })
      outcomes.push(`${results.map((r) => r.status).sort().join('+')} approved=${approved}`)
    }
    expect(new Set(outcomes)).toEqual(new Set(['200+409 approved=1']))
  }, 180_000)

  it('two editors saving the same annotation with the same version, 20 times: exactly one 409 each time', async () => {
    const admin = await ApiClient.as('admin@galley.test')
    const article = (await editors[0].post('/api/articles', { title: unique('Race'), body: BODY })).body
    for (let round = 0; round < 20; round++) {
      const a = (await editors[0].post(`/api/articles/${article.id}/annotations`, { kind: 'claim', ...at('spoke on Friday') })).body
      const results = await Promise.all([editors[0].patch(`/api/annotations/${a.id}`, { version: 1, note: 'A' }), admin.patch(`/api/annotations/${a.id}`, { version: 1, note: 'B' })])
      expect(results.map((r) => r.status).sort()).toEqual([200, 409])
      expect((await db().annotation.findUniqueOrThrow({ where: { id: a.id } })).version).toBe(2)
    }
  }, 60_000)

  it('an edit racing an approval of the version the reviewer saw, 20 times: never approved with a correction nobody reviewed', async () => {
    const outcomes = new Map<string, number>()
    for (let round = 0; round < 20; round++) {
      const article = (await editors[0].post('/api/articles', { title: unique('Race'), body: BODY })).body
      const fix = (await editors[0].post(`/api/articles/${article.id}/annotations`, { kind: 'error', ...at('Pain'), correction: 'Pang', category: 'name' })).body
      const [edit, review] = await Promise.all([
        editors[0].patch(`/api/annotations/${fix.id}`, { version: fix.version, correction: 'Pangolin' }),
        reviewers[0].post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version }),
      ])
      const row = await db().annotation.findUniqueOrThrow({ where: { id: fix.id } })
      // Exactly one of them wins; an approval always carries the correction the reviewer read.
      expect([edit.status, review.status].sort()).toEqual([200, 409])
      if (row.status === 'approved') expect([row.correction, row.approvedCorrection]).toEqual(['Pang', 'Pang'])
      else expect([row.status, row.correction]).toEqual(['open', 'Pangolin'])
      outcomes.set(row.status, (outcomes.get(row.status) ?? 0) + 1)
    }
    console.log(`[race] edit vs approve: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`)
  }, 60_000)

  it('delete, re-attach and dismiss racing an approval or each other: one wins, the other gets 409 or 404, 20 times each', async () => {
    for (let round = 0; round < 20; round++) {
      const article = (await editors[0].post('/api/articles', { title: unique('Race'), body: BODY })).body
      const fix = (await editors[0].post(`/api/articles/${article.id}/annotations`, { kind: 'error', ...at('Pain'), correction: 'Pang', category: 'name' })).body
      const [deleted, review] = await Promise.all([editors[0].delete(`/api/annotations/${fix.id}`), reviewers[0].post(`/api/annotations/${fix.id}/review`, { decision: 'approve', version: fix.version })])
      const row = await db().annotation.findUniqueOrThrow({ where: { id: fix.id } })
      expect([deleted.status, review.status].sort()).toEqual(row.deletedAt ? [204, review.status === 404 ? 404 : 409].sort() : [200, 409])
      if (row.deletedAt) expect(row.status).toBe('open')

      // An orphan re-attached and dismissed at the same moment: one of the two, never both.
      const claim = (await editors[0].post(`/api/articles/${article.id}/annotations`, { kind: 'claim', ...at('spoke on Friday') })).body
      const v2 = 'WASHINGTON – Vincent Pain, senior vice head of state, left.'
      expect((await editors[1].put(`/api/articles/${article.id}/body`, { body: v2, baseRevision: 1 })).status).toBe(200)
      const orphan = (await editors[0].get(`/api/articles/${article.id}/annotations`)).body.annotations.find((a: any) => a.id === claim.id)
      expect(orphan.orphaned).toBe(true)
      const left = { start: [...v2].length - 5, end: [...v2].length - 1, exact: 'left' }
      const [reattached, dismissed] = await Promise.all([
        editors[0].post(`/api/annotations/${claim.id}/reattach`, { ...left, version: orphan.version }),
        editors[1].post(`/api/annotations/${claim.id}/dismiss`, { version: orphan.version }),
      ])
      const after = await db().annotation.findUniqueOrThrow({ where: { id: claim.id } })
      if (after.deletedAt) {
        expect(dismissed.status).toBe(204)
        expect([404, 409]).toContain(reattached.status)
      } else {
        expect([reattached.status, dismissed.status]).toEqual([200, 409])
        expect(after).toMatchObject({ orphaned: false, exact: 'left' })
      }
    }
  }, 120_000)

  it('an annotation saved while the text is being revised is either re-anchored or refused, never left on stale offsets', async () => {
    for (let round = 0; round < 20; round++) {
      const article = (await editors[0].post('/api/articles', { title: unique('Race'), body: BODY })).body
      // Half the saves say which revision they annotated (as the desk does), half do not.
      const withRevision = round % 2 === 0
      const [created, revised] = await Promise.all([
        editors[0].post(`/api/articles/${article.id}/annotations`, { kind: 'claim', ...at('spoke on Friday'), ...(withRevision ? { revision: 1 } : {}) }),
        editors[1].put(`/api/articles/${article.id}/body`, { body: `UPDATE ${round}: ${BODY}`, baseRevision: 1 }),
      ])
      expect(revised.status).toBe(200)
      // 201: the save locked the article first and the revision re-anchored it. Otherwise the
      // revision committed first: 409 naming the new revision when the save said which one it
      // annotated, else 422 because the offsets no longer point at the quoted words.
      expect([201, withRevision ? 409 : 422]).toContain(created.status)
      if (created.status !== 201) continue
      const current = (await editors[0].get(`/api/articles/${article.id}`)).body.body as string
      const a = (await editors[0].get(`/api/articles/${article.id}/annotations`)).body.annotations[0]
      expect([...current].slice(a.start, a.end).join('')).toBe('spoke on Friday')
    }
  }, 60_000)

  it('an annotation moved while the text is being revised ends on its words, or the move is refused', async () => {
    const points = (text: string, a: { start: number; end: number }) => [...text].slice(a.start, a.end).join('')
    const outcomes = new Map<number, number>()
    for (let round = 0; round < 30; round++) {
      const article = (await editors[0].post('/api/articles', { title: unique('Race'), body: BODY })).body
      const claim = (await editors[0].post(`/api/articles/${article.id}/annotations`, { kind: 'claim', ...at('spoke on Friday') })).body
      const [moved, revised] = await Promise.all([
        editors[0].patch(`/api/annotations/${claim.id}`, { version: claim.version, ...at('Vincent Pain') }),
        editors[1].put(`/api/articles/${article.id}/body`, { body: `UPDATE ${round}: ${BODY}`, baseRevision: 1 }),
      ])
      expect(revised.status).toBe(200)
      // 200: the move locked the text first and the revision carried it along; 422: the revision
      // came first, so the offsets sent no longer point at "Vincent Pain".
      expect([200, 422]).toContain(moved.status)
      outcomes.set(moved.status, (outcomes.get(moved.status) ?? 0) + 1)
      const current = (await editors[0].get(`/api/articles/${article.id}`)).body.body as string
      const [a] = (await editors[0].get(`/api/articles/${article.id}/annotations`)).body.annotations
      expect(a.orphaned).toBe(false)
      expect(points(current, a)).toBe(a.exact)
      expect(a.exact).toBe(moved.status === 200 ? 'Vincent Pain' : 'spoke on Friday')
    }
  }, 60_000)

  it('an export taken while the text is being revised pairs one revision’s body with its own offsets', async () => {
    const points = (text: string, a: { start: number; end: number }) => [...text].slice(a.start, a.end).join('')
    const article = (await editors[0].post('/api/articles', { title: unique('Race'), body: BODY })).body
    const fix = (await editors[0].post(`/api/articles/${article.id}/annotations`, { kind: 'error', ...at('Pain'), correction: 'Pang', category: 'name' })).body
    await editors[0].post(`/api/articles/${article.id}/annotations`, { kind: 'claim', ...at('spoke on Friday') })
    expect((await reviewers[0].post(`/api/annotations/${fix.id}/review`, { decision: 'approve' })).status).toBe(200)
    // Eight readers export without pause while an editor revises the text 30 times, each revision
    // moving every annotation (a growing line is put in front).
    let revising = true
    const exports: Array<{ status: number; body: any }> = []
    const readers = Array.from({ length: 8 }, async () => {
      while (revising) exports.push(await editors[0].get(`/api/articles/${article.id}/export?format=json`))
    })
    for (let revision = 1; revision <= 30; revision++) {
      const res = await editors[1].put(`/api/articles/${article.id}/body`, { body: `${'UPDATE '.repeat(revision)}\n\n${BODY}`, baseRevision: revision })
      expect(res.status).toBe(200)
    }
    revising = false
    await Promise.all(readers)
    expect(exports.length).toBeGreaterThan(30)
    for (const res of exports) {
      expect(res.status).toBe(200)
      const { article: exported, annotations, correctedText } = res.body
      for (const a of annotations) expect(points(exported.body, a)).toBe(a.exact)
      expect(correctedText).toBe(exported.body.replace('Vincent Pain,', 'Vincent Pang,'))
    }
  }, 60_000)

  it(`32 concurrent editors for ${SOAK_SECONDS} s: every acknowledged annotation is in the database with its audit event`, async () => {
    const clients = await Promise.all(Array.from({ length: 32 }, () => ApiClient.as('editor@galley.test')))
    const article = (await clients[0].post('/api/articles', { title: unique('Soak'), body: BODY })).body
    const acknowledged: string[] = []
    const failures = new Map<number, number>()
    const deadline = Date.now() + SOAK_SECONDS * 1000
    await Promise.all(
      clients.map(async (c, i) => {
        while (Date.now() < deadline) {
          const res = await c.post(`/api/articles/${article.id}/annotations`, { kind: 'claim', ...at('Vincent Pain'), note: `client ${i}` })
          if (res.status === 201) acknowledged.push(res.body.id)
          else failures.set(res.status, (failures.get(res.status) ?? 0) + 1)
        }
      }),
    )
    expect([...failures]).toEqual([])
    expect(acknowledged.length).toBeGreaterThan(SOAK_SECONDS * 10)
    const stored = await db().annotation.count({ where: { articleId: article.id } })
    expect(stored).toBe(acknowledged.length)
    const audited = await db().auditEvent.count({ where: { action: 'annotation.create', entityId: { in: acknowledged } } })
    expect(audited).toBe(acknowledged.length)
    console.log(`[soak] ${acknowledged.length} annotations in ${SOAK_SECONDS} s by 32 editors, all stored and audited`)
  }, (SOAK_SECONDS + 60) * 1000)
})

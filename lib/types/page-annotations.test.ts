import { describe, expect, it } from 'vitest'
import type { AnnotationDto } from '@/lib/types/desk'
import { compactId, expandId, packAnnotations, unpackAnnotations } from './page-annotations'

const ID = { b: '1b2c3d4e-0000-4000-8000-00000000000b', c: 'c0ffee00-1111-4222-8333-44445555666c', d: 'd0000000-ffff-4fff-bfff-ffffffffffff', other: '0a0b0c0d-1e1f-4a2b-9c3d-4e5f60718293' }
const BODY = 'The Federalist Papers, by Alexander Hamilton. Vincent Pain spoke; Pang too.'
const at = (needle: string) => ({ start: [...BODY.slice(0, BODY.indexOf(needle))].length, end: [...BODY.slice(0, BODY.indexOf(needle))].length + [...needle].length, exact: needle })
const base: AnnotationDto = {
  id: '7e66a08a-743a-4e68-8242-594a9ebe592c',
  articleId: '2373ab50-c649-4cd7-b27e-0b557c0ce5bb',
  kind: 'error',
  ...at('Pain'),
  prefix: 'Vincent ',
  suffix: ', senior',
  correction: '',
  category: 'name',
  note: 'Per “the bio” </script>',
  verdict: null,
  speaker: null,
  verified: null,
  sources: ['https://example.com/bio'],
  status: 'approved',
  originalExact: null,
  approvedExact: 'Pain',
  approvedCorrection: '',
  textChanged: { from: 'Pian', revision: 3, wasApproved: true },
  contributors: ['4a42f744-8404-4f0a-9714-9ade2349d118'],
  orphaned: true,
  version: 4,
  createdBy: '4a42f744-8404-4f0a-9714-9ade2349d118',
  createdByName: 'Demo Editor',
  createdAt: '2026-12-02T00:23:35.055Z',
  updatedAt: '2026-12-02T00:23:36.000Z',
}

describe('compact ids', () => {
  it('write a UUID in 22 characters and read it back, as base64url of its bytes', () => {
    for (const uuid of [base.id, '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', crypto.randomUUID(), crypto.randomUUID()]) {
      const id = compactId(uuid)
      expect(id).toHaveLength(22)
      expect(id).toBe(Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url'))
      expect(expandId(id)).toBe(uuid)
    }
    // Every character of the alphabet in every place, against Node's own base64url.
    for (let k = 0; k < 200; k++) {
      const bytes = crypto.getRandomValues(new Uint8Array(16))
      const hex = Buffer.from(bytes).toString('hex')
      expect(expandId(Buffer.from(bytes).toString('base64url'))).toBe(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`)
    }
  })
})

describe('packed page annotations', () => {
  it('round-trip every field the page uses, for every kind, verdict and status', () => {
    const list: AnnotationDto[] = [
      base,
      { ...base, id: ID.b, kind: 'claim', correction: null, category: null, verdict: 'needs_context', status: 'open', textChanged: null, orphaned: false, createdBy: ID.other, createdByName: 'Other' },
      { ...base, id: ID.c, kind: 'quote', correction: null, category: null, speaker: 'Ren Zhengfei', verified: false, status: 'rejected', sources: [] },
      { ...base, id: ID.d, status: 'applied', originalExact: 'Pain', ...at('Pang'), orphaned: false },
    ]
    const { articleId: _a, prefix: _p, suffix: _s, approvedExact: _e, approvedCorrection: _c, contributors: _k, createdAt: _t, updatedAt: _u, ...page } = base
    const out = unpackAnnotations(JSON.parse(JSON.stringify(packAnnotations(list))), BODY)
    expect(out[0]).toEqual(page)
    expect(out.map((a) => [a.id, a.createdBy, a.kind, a.verdict, a.status, a.createdByName, a.speaker, a.verified])).toEqual([
      [base.id, base.createdBy, 'error', null, 'approved', 'Demo Editor', null, null],
      [ID.b, ID.other, 'claim', 'needs_context', 'open', 'Other', null, null],
      [ID.c, base.createdBy, 'quote', null, 'rejected', 'Demo Editor', 'Ren Zhengfei', false],
      [ID.d, base.createdBy, 'error', null, 'applied', 'Demo Editor', null, null],
    ])
    expect(out[3]).toMatchObject({ exact: 'Pang', originalExact: 'Pain' })
  })

  it('reads a placed quote from the text (emoji included) and keeps an orphan’s own quote', () => {
    const body = '🚀 Vincent Pain spoke.'
    const placed = { ...base, start: 10, end: 14, exact: 'Pain', orphaned: false }
    const lost = { ...base, id: ID.b, start: 0, end: 3, exact: 'gone words', orphaned: true }
    expect(unpackAnnotations(packAnnotations([placed, lost]), body).map((a) => a.exact)).toEqual(['Pain', 'gone words'])
  })

  it('leaves the empty values off the end of a row, and restores them', () => {
    const claim = { ...base, kind: 'claim' as const, correction: null, category: null, verdict: 'unverified', note: '', sources: [], textChanged: null, orphaned: false, status: 'open' as const, version: 1 }
    const [row] = packAnnotations([claim]).rows
    expect(row).toEqual([compactId(base.id), 0, claim.start, claim.end, 0, 1, 0, 0, 0])
    expect(unpackAnnotations({ authors: [[compactId(base.createdBy), 'Demo Editor']], rows: [row] }, BODY)[0]).toMatchObject({ kind: 'claim', verdict: 'unverified', category: null, correction: null, note: '', sources: [], textChanged: null, orphaned: false, exact: 'Pain' })
  })

  it('carries a fix’s group (fixes made together) and leaves it off when there is none', () => {
    const grouped = { ...base, orphaned: false, groupId: ID.c }
    const [row] = packAnnotations([grouped]).rows
    expect(row.at(-1)).toBe(ID.c)
    expect(unpackAnnotations(packAnnotations([grouped, { ...base, id: ID.b, orphaned: false }]), BODY).map((a) => a.groupId)).toEqual([ID.c, undefined])
  })

  it('is several times smaller than the objects it replaces', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ ...base, id: `${base.id.slice(0, -3)}${String(i).padStart(3, '0')}`, start: i * 10, end: i * 10 + 4, orphaned: false, textChanged: null, sources: [], note: '' }))
    expect(JSON.stringify(many).length / JSON.stringify(packAnnotations(many)).length).toBeGreaterThan(5)
  })
})

import { describe, expect, it } from 'vitest'
import type { PageAnnotation } from '@/lib/types/page-annotations'
import { markLabel, markTag, reviewLine } from './labels'
import { progressText } from '@/components/progress-line'
import { describeLiveEvent } from '@/lib/types/live'

const base = { id: 'a', start: 0, end: 4, version: 1, createdBy: 'u', createdByName: 'Ana', orphaned: false, verdict: null, category: null, correction: null, note: '', speaker: null, verified: false, sources: [], originalExact: null, textChanged: null, commentCount: 0 }
const a = (over: Partial<PageAnnotation>) => ({ ...base, ...over }) as unknown as PageAnnotation

describe('what a highlight says in words', () => {
  it('names an error by its state and correction, a deletion as deleted', () => {
    expect(markLabel(a({ kind: 'error', status: 'open', exact: 'Pain', correction: 'Pang' }))).toBe('Error, open: “Pain” should read “Pang”')
    expect(markLabel(a({ kind: 'error', status: 'approved', exact: 'very', correction: '' }))).toBe('Error, approved: “very” should read (deleted)')
    expect(markLabel(a({ kind: 'error', status: 'applied', exact: 'Pang', originalExact: 'Pain' } as never))).toBe('Corrected, published: was “Pain”')
    expect(markTag(a({ kind: 'error', status: 'rejected', exact: 'x' }))).toBe('error · rejected')
    expect(markTag(a({ kind: 'error', status: 'open', exact: 'x' }))).toBe('error')
    expect(markTag(a({ kind: 'error', status: 'applied', exact: 'x' }))).toBe('corrected')
  })

  it('names a claim by its verdict and a quote by its speaker; long words are cut', () => {
    expect(markLabel(a({ kind: 'claim', status: 'open', exact: 'x', verdict: 'needs_context' }))).toBe('Claim, open: Needs context')
    expect(markLabel(a({ kind: 'quote', status: 'open', exact: 'x', speaker: 'the mayor', verified: true }))).toBe('Quote of the mayor, verified')
    const long = 'word '.repeat(40).trim()
    expect(markLabel(a({ kind: 'error', status: 'open', exact: long, correction: 'x' }))).toMatch(/^Error, open: “.{79}…” should read “x”$/)
  })
})

describe('a fix’s review in words (its card and its tooltip)', () => {
  const review = (decision: 'approve' | 'reject', comment = '') => ({ id: 'r', annotationId: 'a', reviewerId: 'v', reviewerName: 'Demo Reviewer', decision, comment, at: '2026-12-06T14:05:00Z' })
  it('says who decided and why', () => {
    const rejected = a({ kind: 'error', status: 'rejected', exact: 'Pain', correction: 'Pang' })
    expect(reviewLine(rejected, review('reject', 'The wire spells it Pain'))).toBe('Rejected by Demo Reviewer: “The wire spells it Pain”')
    expect(markLabel(rejected, review('reject', 'The wire spells it Pain'))).toBe('Error, rejected: “Pain” should read “Pang”. Rejected by Demo Reviewer: “The wire spells it Pain”')
    expect(reviewLine(rejected, review('reject'))).toBe('Rejected by Demo Reviewer (no reason given)')
    expect(reviewLine(a({ kind: 'error', status: 'approved', exact: 'Pain' }), review('approve'))).toBe('Approved by Demo Reviewer')
  })
  it('says a decision no longer stands once the fix is open again, and nothing for an unreviewed fix or a claim', () => {
    expect(reviewLine(a({ kind: 'error', status: 'open', exact: 'Pain' }), review('approve', 'ok'))).toBe('Earlier approved by Demo Reviewer: “ok”')
    expect(reviewLine(a({ kind: 'error', status: 'open', exact: 'Pain' }), undefined)).toBeNull()
    expect(reviewLine(a({ kind: 'claim', status: 'open', exact: 'Pain' }), review('approve'))).toBeNull()
    expect(markLabel(a({ kind: 'error', status: 'open', exact: 'Pain', correction: 'Pang' }))).toBe('Error, open: “Pain” should read “Pang”')
  })
})

describe('the progress line', () => {
  it('counts fixes open, reviewed and published, and suggestions waiting, with plurals', () => {
    expect(progressText({ open: 2, approved: 1, rejected: 1, published: 3, suggestions: 1 })).toBe('7 fixes: 2 open, 2 reviewed (1 approved, 1 rejected), 3 published · 1 suggestion waiting')
    expect(progressText({ open: 0, approved: 0, rejected: 0, published: 0, suggestions: 0 })).toBe('No fixes yet · 0 suggestions waiting')
    expect(progressText({ open: 1, approved: 0, rejected: 0, published: 0, suggestions: 12000 })).toBe('1 fix: 1 open, 0 reviewed (0 approved, 0 rejected), 0 published · 12,000 suggestions waiting')
  })
})

describe('colleagues’ changes, read out', () => {
  const at = '2026-12-02T10:00:00Z'
  const actor = { id: 'u2', name: 'Ben' }
  it('says who did what', () => {
    expect(describeLiveEvent({ type: 'annotation', action: 'created', id: 'x', articleId: 'y', actor, at, kind: 'claim' })).toBe('Ben added a claim.')
    expect(describeLiveEvent({ type: 'annotation', action: 'created', id: 'x', articleId: 'y', actor, at, kind: 'error' })).toBe('Ben added a fix.')
    expect(describeLiveEvent({ type: 'review', action: 'approved', id: 'x', articleId: 'y', actor, at })).toBe('Ben approved a fix.')
    expect(describeLiveEvent({ type: 'annotation', action: 'imported', id: 'x', articleId: 'y', actor, at, count: 1 })).toBe('Ben imported 1 annotation.')
    expect(describeLiveEvent({ type: 'revision', action: 'published', id: '3', articleId: 'y', actor, at, revision: 3 })).toBe('Ben published revision 3.')
    expect(describeLiveEvent({ type: 'presence', action: 'joined', id: 'u2', articleId: 'y', actor, at })).toBeNull()
    expect(describeLiveEvent({ type: 'suggestion', action: 'computed', id: 'x', articleId: 'y', actor, at })).toBeNull()
  })
})

describe('the overview strip’s paths', () => {
  it('one path per lane and state, marks where they are in the text, touching ones merged', async () => {
    const { stripPaths } = await import('@/components/overview/overview-strip')
    const m = (id: string, start: number, end: number, lane: 'claim' | 'error', state: 'open' | 'approved') => ({ id, start, end, lane, state })
    const paths = stripPaths([m('a', 0, 10, 'claim', 'open'), m('b', 10, 30, 'claim', 'open'), m('c', 500, 510, 'claim', 'open'), m('d', 900, 1000, 'error', 'approved')], 1000)
    expect(paths).toEqual([
      { lane: 'claim', state: 'open', d: 'M4 0v30m0 470v10' },
      { lane: 'error', state: 'approved', d: 'M16 900v100' },
    ])
  })
})

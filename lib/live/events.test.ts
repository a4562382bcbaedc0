import { describe, expect, it } from 'vitest'
import { affectsAccess, isQueueEvent, sseFrame, toLiveEvent, type LogRow } from './events'

const ART = '11111111-1111-4111-8111-111111111111'
const ANN = '22222222-2222-4222-8222-222222222222'
const row = (over: Partial<LogRow>): LogRow => ({
  seq: BigInt(7),
  action: 'annotation.create',
  entityType: 'Annotation',
  entityId: ANN,
  articleId: ART,
  actorId: 'u1',
  actorName: 'Demo Editor',
  at: new Date('2026-12-02T10:00:00Z'),
  before: null,
  after: { kind: 'error', status: 'open' },
  annotationKind: 'error',
  ...over,
})

describe('toLiveEvent', () => {
  it('names an annotation event with the contract’s fields', () => {
    expect(toLiveEvent(row({}))).toEqual({
      seq: '7',
      name: 'annotation',
      data: { type: 'annotation', action: 'created', id: ANN, articleId: ART, actor: { id: 'u1', name: 'Demo Editor' }, at: '2026-12-02T10:00:00.000Z', kind: 'error', status: 'open' },
    })
  })

  it('turns reviews, comments, revisions and publications into their own events', () => {
    const review = toLiveEvent(row({ action: 'fix.approve', after: { status: 'approved', reviewId: 'r1' } }))!
    expect(review.name).toBe('review')
    expect(review.data).toMatchObject({ action: 'approved', id: 'r1', annotationId: ANN, status: 'approved' })
    const reject = toLiveEvent(row({ action: 'fix.reject', after: { status: 'rejected', reviewId: 'r2' } }))!
    expect(reject.data.action).toBe('rejected')
    const comment = toLiveEvent(row({ action: 'comment.create', after: { commentId: 'c1', body: 'secret words' } }))!
    expect(comment.data).toMatchObject({ type: 'comment', action: 'created', id: 'c1', annotationId: ANN })
    // Ids only: a comment's words are not broadcast, the page fetches them with its own rights.
    expect(JSON.stringify(comment.data)).not.toContain('secret words')
    const revision = toLiveEvent(row({ action: 'article.revise', entityType: 'Article', entityId: ART, after: { revision: 3, reanchor: { exact: 4, orphaned: 1 } } }))!
    expect(revision).toMatchObject({ name: 'revision', data: { action: 'created', id: '3', revision: 3, reanchor: { exact: 4, orphaned: 1 } } })
    const published = toLiveEvent(row({ action: 'article.publish', entityType: 'Article', entityId: ART, after: { revision: 4, applied: [ANN] } }))!
    expect(published.data).toMatchObject({ action: 'published', revision: 4, applied: [ANN] })
  })

  it('reports re-attached, dismissed and deleted annotations, and suggestion and source changes', () => {
    expect(toLiveEvent(row({ action: 'annotation.reattach' }))!.data.action).toBe('reattached')
    // An import is one event for the article; with a fix among them, the review queue follows it.
    const imported = toLiveEvent(row({ action: 'annotation.import', entityType: 'Article', entityId: ART, annotationKind: null, after: { imported: 2000, kinds: ['claim', 'error'], annotations: [] } }))!
    expect(imported).toMatchObject({ name: 'annotation', data: { type: 'annotation', action: 'imported', id: ART, kind: 'error', status: 'open', count: 2000 } })
    expect(isQueueEvent(imported)).toBe(true)
    const claims = toLiveEvent(row({ action: 'annotation.import', entityType: 'Article', entityId: ART, annotationKind: null, after: { imported: 1, kinds: ['claim'] } }))!
    expect(claims.data.kind).toBe('claim')
    expect(isQueueEvent(claims)).toBe(false)
    expect(toLiveEvent(row({ action: 'annotation.dismiss', before: { status: 'open' }, after: null }))!.data).toMatchObject({ action: 'dismissed' })
    expect(toLiveEvent(row({ action: 'annotation.delete', after: null, before: { status: 'open' } }))!.data.status).toBeUndefined()
    expect(toLiveEvent(row({ action: 'suggestion.accept', entityType: 'Suggestion', after: { annotationId: ANN } }))).toMatchObject({ name: 'suggestion', data: { type: 'suggestion', action: 'accepted', annotationId: ANN } })
    // A decision taken back, or a dismissal restored: pages reload their suggestions.
    expect(toLiveEvent(row({ action: 'suggestion.undo', entityType: 'Suggestion', after: { status: 'open' } }))).toMatchObject({ name: 'suggestion', data: { type: 'suggestion', action: 'reopened' } })
    expect(toLiveEvent(row({ action: 'suggestion.restore', entityType: 'Suggestion', after: { status: 'open' } }))).toMatchObject({ name: 'suggestion', data: { type: 'suggestion', action: 'restored' } })
    expect(toLiveEvent(row({ action: 'source.create', entityType: 'ArticleSource' }))).toMatchObject({ name: 'suggestion', data: { type: 'source', action: 'created' } })
  })

  it('sends nothing for events of no article or that no page shows', () => {
    expect(toLiveEvent(row({ action: 'user.deactivate', entityType: 'User', articleId: null }))).toBeNull()
    expect(toLiveEvent(row({ action: 'token.revoke', entityType: 'ApiToken', articleId: null }))).toBeNull()
    expect(toLiveEvent(row({ action: 'something.new' }))).toBeNull()
  })

  it('names a system actor when there is none', () => {
    expect(toLiveEvent(row({ actorId: null, actorName: null }))!.data.actor).toEqual({ id: '', name: 'Galley' })
  })
})

describe('which streams get what', () => {
  it('the review queue hears of fixes, reviews and publications, not of claims or comments', () => {
    expect(isQueueEvent(toLiveEvent(row({}))!)).toBe(true)
    expect(isQueueEvent(toLiveEvent(row({ annotationKind: 'claim', after: { kind: 'claim' } }))!)).toBe(false)
    expect(isQueueEvent(toLiveEvent(row({ action: 'fix.approve', after: { reviewId: 'r' } }))!)).toBe(true)
    expect(isQueueEvent(toLiveEvent(row({ action: 'comment.create', after: { commentId: 'c' } }))!)).toBe(false)
    expect(isQueueEvent(toLiveEvent(row({ action: 'article.publish', entityType: 'Article', entityId: ART, after: { revision: 2 } }))!)).toBe(true)
  })

  it('changes to users and revoked tokens re-check who may watch', () => {
    expect(affectsAccess({ entityType: 'User', action: 'user.role' })).toBe(true)
    expect(affectsAccess({ entityType: 'ApiToken', action: 'token.revoke' })).toBe(true)
    expect(affectsAccess({ entityType: 'ApiToken', action: 'token.create' })).toBe(false)
    expect(affectsAccess({ entityType: 'Annotation', action: 'annotation.create' })).toBe(false)
  })
})

describe('sseFrame', () => {
  it('keeps data on one line whatever the text holds, so a frame cannot be split or forged', () => {
    const frame = sseFrame({ seq: '9', name: 'annotation', data: { note: 'line one\n\nid: 99\nevent: review\r\ndata: x' } })
    expect(frame.split('\n\n')).toHaveLength(2)
    expect(frame.endsWith('\n\n')).toBe(true)
    expect(frame.split('\n').filter((l) => l.startsWith('id:'))).toEqual(['id: 9'])
    expect(frame.split('\n').filter((l) => l.startsWith('event:'))).toEqual(['event: annotation'])
  })

  it('stays far below NOTIFY’s 8000-byte limit because the NOTIFY carries only the log number', () => {
    // The trigger sends `seq::text`; the biggest bigint is 19 digits.
    expect(String(BigInt('9223372036854775807')).length).toBeLessThan(8000)
  })
})

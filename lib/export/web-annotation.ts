/**
 * An article's annotations as a W3C Web Annotation AnnotationCollection (JSON-LD,
 * https://www.w3.org/TR/annotation-model/). Each annotation targets the text of the revision its
 * offsets count in, with a TextQuoteSelector and a TextPositionSelector (code points), and scopes
 * it to the article's original URL. Claims are `assessing`, quotes `identifying` (the speaker),
 * errors `editing` (the correction). Pure.
 */
import { verdictLabel } from '@/lib/validation/vocabulary'
import type { ExportInput, ExportReview } from './article-export'

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
export const WEB_ANNOTATION_CONTENT_TYPE = `application/ld+json; profile="${ANNOTATION_CONTEXT}"`

type Body = Record<string, unknown>
const textual = (purpose: string, value: string, extra: Body = {}): Body => ({ type: 'TextualBody', purpose, value, format: 'text/plain', ...extra })
const person = (id: string, name: string) => ({ id: `urn:uuid:${id}`, type: 'Person', name })

/** Where things live, for IRIs: the site's origin, e.g. https://galley.example.org. */
export type LinkBase = { origin: string }

/** The text resource an article's offsets count in: one revision's body as text/plain. */
export function revisionTextIri(base: LinkBase, articleId: string, revision: number): string {
  return `${base.origin}/api/articles/${articleId}/revisions/${revision}?format=text`
}

/** A source's IRI: its own URL, else where Galley serves it. */
function sourceIri(base: LinkBase, s: NonNullable<ExportInput['sources']>[number]): string {
  return s.url ?? `${base.origin}/api/sources/${s.id}`
}

function bodiesOf(a: ExportInput['annotations'][number], reviews: ExportReview[], quoteSources: Body[] = []): Body[] {
  const bodies: Body[] = []
  if (a.kind === 'claim') {
    bodies.push(textual('assessing', verdictLabel(a.verdict)))
  } else if (a.kind === 'quote') {
    if (a.speaker) bodies.push(textual('identifying', String(a.speaker)))
    bodies.push(textual('assessing', a.verified ? 'Quote verified' : 'Quote not verified'))
    // What the quote was checked against: the article's transcripts and other sources.
    bodies.push(...quoteSources)
  } else {
    // The correction replaces the target's text; an empty one deletes it. A published fix says
    // what was approved and published, not whatever words a later revision put where it landed.
    bodies.push(textual('editing', a.correction ?? ''))
    if (a.category) bodies.push(textual('classifying', String(a.category)))
  }
  if (a.note) bodies.push(textual('commenting', String(a.note)))
  // A source is a SpecificResource (a bare web resource may not carry a purpose).
  for (const url of (a.sources as string[] | undefined) ?? []) bodies.push({ type: 'SpecificResource', source: url, purpose: 'linking' })
  for (const r of reviews) {
    bodies.push(textual('moderating', `${r.decision === 'approve' ? 'Approved' : 'Rejected'}${r.comment ? `: ${r.comment}` : ''}`, { creator: person(r.reviewerId, r.reviewerName), created: r.at }))
  }
  return bodies
}

const MOTIVATIONS: Record<string, string> = { claim: 'assessing', quote: 'identifying', error: 'editing' }

/** The collection, with every visible annotation on one embedded page. */
export function toWebAnnotations(input: ExportInput, base: LinkBase): Record<string, unknown> {
  const { article } = input
  const revision = Number(article.revision ?? 1)
  const source = revisionTextIri(base, article.id, revision)
  const collectionId = `${base.origin}/api/articles/${article.id}/export?format=w3c`
  // Reviews grouped once (not filtered per annotation: thousands of each would be quadratic).
  const reviewsOf = new Map<string, ExportReview[]>()
  for (const r of input.reviews) {
    const list = reviewsOf.get(r.annotationId)
    if (list) list.push(r)
    else reviewsOf.set(r.annotationId, [r])
  }
  const quoteSources: Body[] = (input.sources ?? []).map((s) => ({ type: 'SpecificResource', source: sourceIri(base, s), purpose: 'linking' }))
  const items = input.annotations.map((a) => {
    const quote = { type: 'TextQuoteSelector', exact: a.exact, prefix: String(a.prefix ?? ''), suffix: String(a.suffix ?? '') }
    // An orphaned annotation lost its place in this revision: only its quote is still true.
    const selector = a.orphaned ? quote : [quote, { type: 'TextPositionSelector', start: a.start, end: a.end }]
    const target: Record<string, unknown> = { type: 'SpecificResource', source, selector }
    if (article.sourceUrl) target.scope = article.sourceUrl
    return {
      '@context': ANNOTATION_CONTEXT,
      id: `urn:uuid:${a.id}`,
      type: 'Annotation',
      motivation: MOTIVATIONS[a.kind] ?? 'commenting',
      created: a.createdAt,
      modified: a.updatedAt,
      creator: person(String(a.createdBy), String(a.createdByName)),
      generator: { type: 'Software', name: 'Galley' },
      body: bodiesOf(a, reviewsOf.get(a.id) ?? [], quoteSources),
      target,
    }
  })
  return {
    '@context': ANNOTATION_CONTEXT,
    id: collectionId,
    type: 'AnnotationCollection',
    label: `Fact-check annotations on “${article.title}” (revision ${revision})`,
    total: items.length,
    ...(items.length
      ? {
          first: { id: `${collectionId}#page-1`, type: 'AnnotationPage', startIndex: 0, items },
          last: `${collectionId}#page-1`,
        }
      : {}),
  }
}

/**
 * Claims with a verdict as schema.org ClaimReview (JSON-LD), the markup fact-checkers publish for
 * search engines and Google's Fact Check Explorer. Required there: `claimReviewed`, `url` and a
 * `reviewRating` with `alternateName`; unverified claims have no rating yet and are left out. Pure.
 */
import type { ExportInput } from './article-export'
import { verdictLabel } from '@/lib/validation/vocabulary'
import type { LinkBase } from './web-annotation'

export const CLAIM_REVIEW_CONTENT_TYPE = 'application/ld+json; charset=utf-8'

/** A 1–5 scale, as most fact-checkers' ClaimReview markup uses: 5 is true, 1 is false. */
const RATINGS: Record<string, number> = { true: 5, needs_context: 3, misleading: 2, false: 1 }

/** Who publishes the reviews: the newsroom's name (GALLEY_PUBLISHER), Galley by default. */
export type Publisher = { name: string; url?: string }

const day = (iso: unknown) => String(iso ?? '').slice(0, 10)

export function toClaimReviews(input: ExportInput, base: LinkBase, publisher: Publisher): Array<Record<string, unknown>> {
  const { article } = input
  return input.annotations
    .filter((a) => a.kind === 'claim' && a.status !== 'rejected' && typeof a.verdict === 'string' && a.verdict in RATINGS)
    .map((a) => {
      const appearance: Record<string, unknown> = { '@type': 'CreativeWork', name: article.title }
      if (article.sourceUrl) appearance.url = article.sourceUrl
      const rating: Record<string, unknown> = {
        '@type': 'Rating',
        ratingValue: RATINGS[a.verdict as string],
        bestRating: 5,
        worstRating: 1,
        alternateName: verdictLabel(a.verdict),
      }
      if (a.note) rating.ratingExplanation = String(a.note)
      const review: Record<string, unknown> = {
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        url: `${base.origin}/articles/${article.id}#annotation-${a.id}`,
        claimReviewed: a.exact,
        datePublished: day(a.createdAt),
        dateModified: day(a.updatedAt),
        author: { '@type': 'Organization', name: publisher.name, ...(publisher.url ? { url: publisher.url } : {}) },
        reviewRating: rating,
        itemReviewed: { '@type': 'Claim', appearance },
      }
      // The verdict and sources were reused from a claim checked before: link to that review.
      if (a.basedOn) review.isBasedOn = { '@type': 'ClaimReview', url: `${base.origin}/articles/${a.basedOn.articleId}#annotation-${a.basedOn.id}` }
      return review
    })
}

/**
 * The ClaimReview export against the schema.org vocabulary (every property exists and applies to
 * the type it is used on) and against what fact-check consumers require (Google's list, as
 * summarised by Full Fact: claimReviewed, url, reviewRating with alternateName).
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ExportAnnotation, ExportInput } from './article-export'
import { toClaimReviews } from './claim-review'

type Term = { '@id': string; '@type': string; 'rdfs:subClassOf'?: { '@id': string }; 'schema:domainIncludes'?: { '@id': string } | Array<{ '@id': string }> }
const vocabulary = JSON.parse(fs.readFileSync(path.join(__dirname, 'testdata', 'schemaorg', 'claimreview-subset-30.0.jsonld'), 'utf8'))['@graph'] as Term[]
// Properties Galley uses that the subset leaves out, as schema.org 30.0 defines them
// (schemaorgcontext-30.0.jsonld in ../shared/corpora/schemaorg lists schema:isBasedOn).
vocabulary.push({ '@id': 'schema:isBasedOn', '@type': 'rdf:Property', 'schema:domainIncludes': { '@id': 'schema:CreativeWork' } })
const terms = new Map(vocabulary.map((t) => [t['@id'].replace('schema:', ''), t]))
// Ancestors the subset does not carry, from the full schema.org hierarchy.
const PARENTS: Record<string, string> = { CreativeWork: 'Thing', Intangible: 'Thing', Organization: 'Thing' }
const parentOf = (type: string) => terms.get(type)?.['rdfs:subClassOf']?.['@id'].replace('schema:', '') ?? PARENTS[type]
function ancestry(type: string): string[] {
  const out = [type]
  for (let t = parentOf(type); t; t = parentOf(t)) out.push(t)
  return out
}

/** Every property of every typed node must be a schema.org property whose domain covers the type. */
function vocabularyProblems(node: Record<string, unknown>, where = 'ClaimReview'): string[] {
  const type = String(node['@type'])
  const problems: string[] = []
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@')) continue
    const term = terms.get(key)
    if (!term || term['@type'] !== 'rdf:Property') {
      problems.push(`${where}.${key}: not a schema.org property`)
      continue
    }
    const domains = [term['schema:domainIncludes'] ?? []].flat().map((d) => d['@id'].replace('schema:', ''))
    if (!ancestry(type).some((t) => domains.includes(t))) problems.push(`${where}.${key}: does not apply to ${type}`)
    if (value && typeof value === 'object' && '@type' in value) problems.push(...vocabularyProblems(value as Record<string, unknown>, `${where}.${key}`))
  }
  return problems
}

const claim = (over: Partial<ExportAnnotation> & { id: string; exact: string }): ExportAnnotation => ({
  kind: 'claim',
  start: 0,
  end: over.exact.length,
  correction: null,
  category: null,
  status: 'open',
  verdict: 'false',
  note: '',
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-27T09:00:00.000Z',
  ...over,
})
const input: ExportInput = {
  article: { id: 'art-1', title: 'Huawei in early talks', body: '…', sourceUrl: 'https://wire.example/huawei' },
  annotations: [
    claim({ id: 'c1', exact: 'Huawei has consistently denied the claim', verdict: 'misleading', note: 'It denied it twice, in 2019.' }),
    claim({ id: 'c2', exact: 'The UNITED STATE objected', verdict: 'true' }),
    claim({ id: 'c3', exact: 'Still being checked', verdict: 'unverified' }),
    claim({ id: 'c4', exact: 'Vincent Pain is senior vice head of state', verdict: 'needs_context' }),
    claim({ id: 'c5', exact: 'Talks are weeks old', verdict: 'false', basedOn: { id: 'c0', articleId: 'art-0' } }),
    { ...claim({ id: 'e1', exact: 'Pain' }), kind: 'error', verdict: null, correction: 'Pang' },
    { ...claim({ id: 'q1', exact: 'There are some firms', verdict: null }), kind: 'quote' },
  ],
  reviews: [],
}
const reviews = toClaimReviews(input, { origin: 'https://galley.example' }, { name: 'Example Desk', url: 'https://news.example' }) as any[]

describe('ClaimReview export', () => {
  it('reviews every claim with a verdict, and only those', () => {
    expect(reviews.map((r) => r.claimReviewed)).toEqual(['Huawei has consistently denied the claim', 'The UNITED STATE objected', 'Vincent Pain is senior vice head of state', 'Talks are weeks old'])
    expect(reviews.map((r) => [r.reviewRating.alternateName, r.reviewRating.ratingValue])).toEqual([
      ['Misleading', 2],
      ['True', 5],
      ['Needs context', 3],
      ['False', 1],
    ])
  })

  it('has what fact-check consumers require, and the recommended fields', () => {
    for (const r of reviews) {
      expect(r).toMatchObject({ '@context': 'https://schema.org', '@type': 'ClaimReview', claimReviewed: expect.any(String) })
      expect(r.url).toMatch(/^https:\/\/galley\.example\/articles\/art-1#annotation-c\d$/)
      expect(r.reviewRating).toMatchObject({ '@type': 'Rating', alternateName: expect.any(String), bestRating: 5, worstRating: 1 })
      expect(r.author).toEqual({ '@type': 'Organization', name: 'Example Desk', url: 'https://news.example' })
      expect(r.datePublished).toBe('2026-11-26')
      expect(r.itemReviewed).toEqual({ '@type': 'Claim', appearance: { '@type': 'CreativeWork', name: 'Huawei in early talks', url: 'https://wire.example/huawei' } })
    }
    expect(reviews[0].reviewRating.ratingExplanation).toBe('It denied it twice, in 2019.')
  })

  it('links a claim that reused an earlier verdict to that review (isBasedOn), and only that one', () => {
    expect(reviews[3].isBasedOn).toEqual({ '@type': 'ClaimReview', url: 'https://galley.example/articles/art-0#annotation-c0' })
    expect(reviews.slice(0, 3).every((r) => !('isBasedOn' in r))).toBe(true)
  })

  it('uses only schema.org properties, each on a type it applies to', () => {
    for (const r of reviews) expect(vocabularyProblems(r)).toEqual([])
    // The check is live: a misspelt or misplaced property is caught.
    expect(vocabularyProblems({ '@type': 'ClaimReview', claimReview: 'x', reviewRating: { '@type': 'Rating', appearance: 'y' } })).toEqual([
      'ClaimReview.claimReview: not a schema.org property',
      'ClaimReview.reviewRating.appearance: does not apply to Rating',
    ])
  })
})

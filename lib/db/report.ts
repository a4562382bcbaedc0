import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { AppError } from '@/lib/errors'
import { ERROR_CATEGORIES, VERDICTS } from '@/lib/validation/vocabulary'
import type { DeskReport } from '@/lib/types/report'
import { readSnapshot } from './client'
import { assertCan, assertId, type Actor } from './authorize'

/**
 * The desk report (GET /api/report, /report): over [from, to), the fixes proposed, approved,
 * rejected and published by category, how long fixes waited for a review and for publication
 * (median and p90), claims by verdict, and the same per article and per person. Every figure is an
 * aggregate in PostgreSQL, read in one snapshot. `articleId` narrows it to one article.
 *
 * Counted: a fix is *proposed* when it was created in the period; *approved* / *rejected* by each
 * review decided in the period; *published* when a publication in the period applied it. Times are
 * from a fix's creation to its first review in the period, and to its publication. Deleted fixes,
 * claims and articles are left out.
 */
export async function deskReport({ actor, from, to, articleId }: { actor: Actor; from: Date; to: Date; articleId?: string | null }): Promise<DeskReport> {
  assertCan(actor, 'articles.read')
  if (articleId) assertId(articleId, 'article')
  if (!(from < to)) throw new AppError('validation_failed', 'from must be before to.')
  const onArticle = articleId ? Prisma.sql`AND a."articleId" = ${articleId}::uuid` : Prisma.empty
  // The fixes and claims the report may count, once for every query below.
  const visible = (kind: 'error' | 'claim') => Prisma.sql`
    SELECT a.id, a."articleId", a."createdById", a."createdAt", a.category::text AS category, a.verdict::text AS verdict
    FROM "Annotation" a JOIN "Article" ar ON ar.id = a."articleId" AND ar."deletedAt" IS NULL
    WHERE a.kind = ${kind}::"AnnotationKind" AND a."deletedAt" IS NULL ${onArticle}`
  const events = Prisma.sql`
    fx AS (${visible('error')}),
    proposed AS (SELECT * FROM fx WHERE "createdAt" >= ${from} AND "createdAt" < ${to}),
    reviews AS (
      SELECT r."annotationId", r."reviewerId", r.decision::text AS decision, r.at, fx.category, fx."createdAt" AS proposed_at, fx."articleId"
      FROM "Review" r JOIN fx ON fx.id = r."annotationId" WHERE r.at >= ${from} AND r.at < ${to}
    ),
    first_reviews AS (SELECT DISTINCT ON ("annotationId") * FROM reviews ORDER BY "annotationId", at),
    published AS (
      SELECT DISTINCT ON (p.id) p.id, p.at, fx.category, fx."createdAt" AS proposed_at, fx."articleId"
      FROM (SELECT (jsonb_array_elements_text(e.after -> 'applied'))::uuid AS id, e.at FROM "AuditEvent" e
            WHERE e.action = 'article.publish' AND e.at >= ${from} AND e.at < ${to}) p
      JOIN fx ON fx.id = p.id ORDER BY p.id, p.at
    ),
    claims AS (SELECT * FROM (${visible('claim')}) c WHERE c."createdAt" >= ${from} AND c."createdAt" < ${to})`
  // One statement: the period's events are read once (materialised CTEs), every figure is
  // grouped from them, and the answer comes back as one JSON value.
  type Answer = {
    byCategory: Array<{ category: string; proposed: number; approved: number; rejected: number; published: number }>
    times: { reviewed: number; reviewMedian: number | null; reviewP90: number | null; publishedCount: number; publishMedian: number | null; publishP90: number | null }
    verdicts: Array<{ verdict: string; count: number }>
    articles: Array<{ id: string; title: string; proposed: number; approved: number; rejected: number; published: number; claims: number }>
    people: Array<{ id: string; name: string; proposed: number; reviews: number; claims: number }>
  }
  return readSnapshot(async (tx) => {
    const [answer] = await tx.$queryRaw<Array<{ report: Answer }>>`
      WITH ${events},
      cat AS (
        SELECT c.category, c.n,
          COALESCE(p.count, 0)::int AS proposed, COALESCE(r.approved, 0)::int AS approved, COALESCE(r.rejected, 0)::int AS rejected, COALESCE(x.count, 0)::int AS published
        FROM unnest(${[...ERROR_CATEGORIES]}::text[]) WITH ORDINALITY AS c(category, n)
        LEFT JOIN (SELECT category, count(*) FROM proposed GROUP BY category) p ON p.category = c.category
        LEFT JOIN (SELECT category, count(*) FILTER (WHERE decision = 'approve') AS approved, count(*) FILTER (WHERE decision = 'reject') AS rejected FROM reviews GROUP BY category) r ON r.category = c.category
        LEFT JOIN (SELECT category, count(*) FROM published GROUP BY category) x ON x.category = c.category
      ),
      verdict AS (
        SELECT v.verdict, v.n, COALESCE(x.count, 0)::int AS count
        FROM unnest(${[...VERDICTS]}::text[]) WITH ORDINALITY AS v(verdict, n)
        LEFT JOIN (SELECT verdict, count(*) FROM claims GROUP BY verdict) x ON x.verdict = v.verdict
      ),
      per_article AS (
        SELECT ar.id, ar.title, sum(proposed)::int AS proposed, sum(approved)::int AS approved, sum(rejected)::int AS rejected, sum(published)::int AS published, sum(claims)::int AS claims
        FROM (
          SELECT "articleId", 1 AS proposed, 0 AS approved, 0 AS rejected, 0 AS published, 0 AS claims FROM proposed
          UNION ALL SELECT "articleId", 0, (decision = 'approve')::int, (decision = 'reject')::int, 0, 0 FROM reviews
          UNION ALL SELECT "articleId", 0, 0, 0, 1, 0 FROM published
          UNION ALL SELECT "articleId", 0, 0, 0, 0, 1 FROM claims
        ) per JOIN "Article" ar ON ar.id = per."articleId"
        GROUP BY ar.id, ar.title ORDER BY sum(proposed + approved + rejected + published + claims) DESC, ar.title LIMIT 50
      ),
      per_person AS (
        SELECT u.id, u.name, sum(proposed)::int AS proposed, sum(reviews)::int AS reviews, sum(claims)::int AS claims
        FROM (
          SELECT "createdById" AS who, 1 AS proposed, 0 AS reviews, 0 AS claims FROM proposed
          UNION ALL SELECT "reviewerId", 0, 1, 0 FROM reviews
          UNION ALL SELECT "createdById", 0, 0, 1 FROM claims
        ) per JOIN "User" u ON u.id = per.who
        GROUP BY u.id, u.name ORDER BY sum(proposed + reviews + claims) DESC, u.name LIMIT 50
      )
      SELECT json_build_object(
        'byCategory', (SELECT json_agg(json_build_object('category', category, 'proposed', proposed, 'approved', approved, 'rejected', rejected, 'published', published) ORDER BY n) FROM cat),
        'times', json_build_object(
          'reviewed', (SELECT count(*) FROM first_reviews),
          'reviewMedian', (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM at - proposed_at)) FROM first_reviews),
          'reviewP90', (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM at - proposed_at)) FROM first_reviews),
          'publishedCount', (SELECT count(*) FROM published),
          'publishMedian', (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM at - proposed_at)) FROM published),
          'publishP90', (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM at - proposed_at)) FROM published)),
        'verdicts', (SELECT json_agg(json_build_object('verdict', verdict, 'count', count) ORDER BY n) FROM verdict),
        'articles', COALESCE((SELECT json_agg(row_to_json(a) ORDER BY a.proposed + a.approved + a.rejected + a.published + a.claims DESC, a.title) FROM per_article a), '[]'::json),
        'people', COALESCE((SELECT json_agg(row_to_json(p) ORDER BY p.proposed + p.reviews + p.claims DESC, p.name) FROM per_person p), '[]'::json)
      ) AS report`
    const { byCategory, verdicts, articles, people } = answer.report
    const times = [answer.report.times]
    const t = times[0]
    const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)))
    const totals = byCategory.reduce((s, c) => ({ proposed: s.proposed + c.proposed, approved: s.approved + c.approved, rejected: s.rejected + c.rejected, published: s.published + c.published }), { proposed: 0, approved: 0, rejected: 0, published: 0 })
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      article: articleId ?? null,
      fixes: { byCategory, totals },
      timeToReview: { count: t.reviewed, medianSeconds: num(t.reviewMedian), p90Seconds: num(t.reviewP90) },
      timeToPublication: { count: t.publishedCount, medianSeconds: num(t.publishMedian), p90Seconds: num(t.publishP90) },
      claimsByVerdict: verdicts,
      articles,
      people,
    }
  })
}

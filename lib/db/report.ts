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
  // The fixes and claims the report may count, each read with an index-only scan of
  // Annotation_report_idx (kind, createdAt, and the few columns counted), leaving out deleted
  // annotations and the annotations of deleted articles (a small anti-join).
  const counted = (kind: 'error' | 'claim') => Prisma.sql`
    FROM "Annotation" a
    WHERE a.kind = ${kind}::"AnnotationKind" AND a."deletedAt" IS NULL ${onArticle}
      AND NOT EXISTS (SELECT 1 FROM "Article" d WHERE d.id = a."articleId" AND d."deletedAt" IS NOT NULL)`
  const events = Prisma.sql`
    fx AS MATERIALIZED (SELECT a.id, a."articleId", a."createdById", a."createdAt", a.category::text AS category ${counted('error')}),
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
    claims AS (SELECT a."articleId", a."createdById", a.verdict::text AS verdict ${counted('claim')} AND a."createdAt" >= ${from} AND a."createdAt" < ${to}),
    -- Every count in one pass over each kind of event: grouping sets give the counts by category
    -- (or verdict), by article and by person at once. g tells the sets apart (GROUPING's bits).
    proposed_g AS (SELECT GROUPING(category, "articleId", "createdById") AS g, category, "articleId", "createdById" AS who, count(*)::int AS n FROM proposed GROUP BY GROUPING SETS ((category), ("articleId"), ("createdById"))),
    reviews_g AS (
      SELECT GROUPING(category, "articleId", "reviewerId") AS g, category, "articleId", "reviewerId" AS who, count(*)::int AS n,
        (count(*) FILTER (WHERE decision = 'approve'))::int AS approved, (count(*) FILTER (WHERE decision = 'reject'))::int AS rejected
      FROM reviews GROUP BY GROUPING SETS ((category), ("articleId"), ("reviewerId"))
    ),
    published_g AS (SELECT GROUPING(category, "articleId") AS g, category, "articleId", count(*)::int AS n FROM published GROUP BY GROUPING SETS ((category), ("articleId"))),
    claims_g AS (SELECT GROUPING(verdict, "articleId", "createdById") AS g, verdict, "articleId", "createdById" AS who, count(*)::int AS n FROM claims GROUP BY GROUPING SETS ((verdict), ("articleId"), ("createdById")))`
  // One statement: the period's events are read once (materialised CTEs), every figure is
  // grouped from them, and the answer comes back as one JSON value.
  type Answer = {
    byCategory: Array<{ category: string; proposed: number; approved: number; rejected: number; published: number }>
    /** review, publish: [median, p90] in seconds (one sort each), null when there were none. */
    times: { reviewed: number; review: [number, number] | null; publishedCount: number; publish: [number, number] | null }
    verdicts: Array<{ verdict: string; count: number }>
    articles: Array<{ id: string; title: string; proposed: number; approved: number; rejected: number; published: number; claims: number }>
    people: Array<{ id: string; name: string; proposed: number; reviews: number; claims: number }>
  }
  return readSnapshot(async (tx) => {
    const [answer] = await tx.$queryRaw<Array<{ report: Answer }>>`
      WITH ${events},
      cat AS (
        SELECT c.category, c.n, COALESCE(p.n, 0) AS proposed, COALESCE(r.approved, 0) AS approved, COALESCE(r.rejected, 0) AS rejected, COALESCE(x.n, 0) AS published
        FROM unnest(${[...ERROR_CATEGORIES]}::text[]) WITH ORDINALITY AS c(category, n)
        LEFT JOIN proposed_g p ON p.g = 3 AND p.category = c.category
        LEFT JOIN reviews_g r ON r.g = 3 AND r.category = c.category
        LEFT JOIN published_g x ON x.g = 1 AND x.category = c.category
      ),
      verdict AS (
        SELECT v.verdict, v.n, COALESCE(x.n, 0) AS count
        FROM unnest(${[...VERDICTS]}::text[]) WITH ORDINALITY AS v(verdict, n)
        LEFT JOIN claims_g x ON x.g = 3 AND x.verdict = v.verdict
      ),
      -- Per article and per person: the counts by article (or person) above, so a few thousand
      -- rows are joined to titles and names rather than every event.
      per_article AS (
        SELECT ar.id, ar.title, t.proposed, t.approved, t.rejected, t.published, t.claims
        FROM (
          SELECT "articleId", sum(proposed)::int AS proposed, sum(approved)::int AS approved, sum(rejected)::int AS rejected, sum(published)::int AS published, sum(claims)::int AS claims
          FROM (
            SELECT "articleId", n AS proposed, 0 AS approved, 0 AS rejected, 0 AS published, 0 AS claims FROM proposed_g WHERE g = 5
            UNION ALL SELECT "articleId", 0, approved, rejected, 0, 0 FROM reviews_g WHERE g = 5
            UNION ALL SELECT "articleId", 0, 0, 0, n, 0 FROM published_g WHERE g = 2
            UNION ALL SELECT "articleId", 0, 0, 0, 0, n FROM claims_g WHERE g = 5
          ) per GROUP BY "articleId"
        ) t JOIN "Article" ar ON ar.id = t."articleId"
        ORDER BY t.proposed + t.approved + t.rejected + t.published + t.claims DESC, ar.title LIMIT 50
      ),
      per_person AS (
        SELECT u.id, u.name, sum(proposed)::int AS proposed, sum(reviews)::int AS reviews, sum(claims)::int AS claims
        FROM (
          SELECT who, n AS proposed, 0 AS reviews, 0 AS claims FROM proposed_g WHERE g = 6
          UNION ALL SELECT who, 0, n, 0 FROM reviews_g WHERE g = 6
          UNION ALL SELECT who, 0, 0, n FROM claims_g WHERE g = 6
        ) per JOIN "User" u ON u.id = per.who
        GROUP BY u.id, u.name ORDER BY sum(proposed + reviews + claims) DESC, u.name LIMIT 50
      )
      SELECT json_build_object(
        'byCategory', (SELECT json_agg(json_build_object('category', category, 'proposed', proposed, 'approved', approved, 'rejected', rejected, 'published', published) ORDER BY n) FROM cat),
        'times', json_build_object(
          'reviewed', (SELECT count(*) FROM first_reviews),
          'review', (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM at - proposed_at)) FROM first_reviews),
          'publishedCount', (SELECT count(*) FROM published),
          'publish', (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM at - proposed_at)) FROM published)),
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
      timeToReview: { count: t.reviewed, medianSeconds: num(t.review?.[0]), p90Seconds: num(t.review?.[1]) },
      timeToPublication: { count: t.publishedCount, medianSeconds: num(t.publish?.[0]), p90Seconds: num(t.publish?.[1]) },
      claimsByVerdict: verdicts,
      articles,
      people,
    }
  })
}

import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { fieldsError } from '@/lib/errors'
import { MARK_END, MARK_START, nearQuery, parseQuery, prefixQuery, readHighlights } from '@/lib/search/query'
import type { SearchQuery } from '@/lib/validation/search'
import type { SearchResult } from '@/lib/types/search'
import { distance as levenshtein } from 'fastest-levenshtein'
import { db } from './client'
import { assertCan, type Actor } from './authorize'

/** A word of the query and the desk's words this close to it (pg_trgm similarity) are near matches. */
/** How many of the desk's nearest words (by trigram distance), and of those sharing the first two letters, are looked at for each term. */
const NEAR_CANDIDATES = 50
const NEAR_PREFIX_CANDIDATES = 300
/** Near words kept for a term: alone in the query, and beside other words (which narrow the hits). */
const NEAR_ALONE = 5
const NEAR_WITH_CONTEXT = 30
/** How many of each kind's newest matches are ranked; pages go no deeper (refine the query). */
const CANDIDATES = 200
const MAX_OFFSET = CANDIDATES

const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`

function readCursor(cursor: string | undefined): number {
  if (!cursor) return 0
  const m = /^o(\d{1,4})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  const offset = m ? Number(m[1]) : NaN
  if (!Number.isInteger(offset) || offset > MAX_OFFSET) throw fieldsError([{ path: 'cursor', message: 'is not a cursor this search gave out' }])
  return offset
}
const writeCursor = (offset: number) => Buffer.from(`o${offset}`, 'utf8').toString('base64url')

/** The end of a `to` filter: a day means up to the end of that day (UTC). */
function until(to: string): Date {
  const d = new Date(to)
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(d.getTime() + 86_400_000) : d
}

/**
 * Close words on the desk ("pang" → pain) for the terms that may be misspelt: names (typed with a
 * capital) and words the desk does not have. A common word the desk has ("union") is not widened.
 * Candidates are the nearest words by trigram distance and the words sharing the term's first two
 * letters and about its length; a near word starts with the same letter and is at most two edits
 * away (three for long words). With other words in the query, many candidates are kept (the other
 * words say which one the reader meant: "Vincent Pang" finds "Vincent Pain", not "page"); alone,
 * only the closest few.
 */
async function nearWords(terms: string[], names: string[]): Promise<Map<string, string[]>> {
  const words = [...new Set(terms.filter((t) => t.length >= 3 && !/\d/.test(t)))].slice(0, 8)
  if (!words.length) return new Map()
  const rows = await db().$queryRaw<Array<{ term: string; word: string; sim: number }>>`
    SELECT t.term, w.word, similarity(w.word, t.term) AS sim FROM unnest(${words}::text[]) AS t(term)
    CROSS JOIN LATERAL (
      (SELECT word FROM "SearchWord" ORDER BY word <-> t.term LIMIT ${NEAR_CANDIDATES})
      UNION
      (SELECT word FROM "SearchWord" WHERE word LIKE left(t.term, 2) || '%' AND length(word) BETWEEN length(t.term) - 2 AND length(t.term) + 2 LIMIT ${NEAR_PREFIX_CANDIDATES})
    ) w
    WHERE (t.term = ANY(${names}::text[]) OR NOT EXISTS (SELECT 1 FROM "SearchWord" s WHERE s.word = t.term))
      AND w.word <> t.term`
  const keep = terms.length > 1 ? NEAR_WITH_CONTEXT : NEAR_ALONE
  const near = new Map<string, Array<{ word: string; d: number; sim: number }>>()
  for (const r of rows) {
    if (r.word[0] !== r.term[0]) continue
    const d = levenshtein(r.word, r.term)
    if (d > (r.term.length >= 9 ? 3 : 2)) continue
    near.set(r.term, [...(near.get(r.term) ?? []), { word: r.word, d, sim: Number(r.sim) }])
  }
  return new Map([...near].map(([t, list]) => [t, list.sort((a, b) => a.d - b.d || b.sim - a.sim || a.word.localeCompare(b.word)).slice(0, keep).map((x) => x.word)]))
}

/** The desk's words that start with the word being typed ("crossi" → crossing, crossings). */
async function prefixWords(prefix: string): Promise<string[]> {
  if (prefix.length < 2) return []
  const pattern = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'
  const rows = await db().$queryRaw<Array<{ word: string }>>`SELECT word FROM "SearchWord" WHERE word LIKE ${pattern} ORDER BY length(word), word LIMIT 12`
  return rows.map((r) => r.word)
}

/**
 * GET /api/search: articles, annotations and comments the caller may read (signed in; nothing
 * deleted), ranked by PostgreSQL full-text search. The query is read by websearch_to_tsquery
 * ("vice president" -Huawei), the word being typed also matches as a prefix, and words close to a
 * query word on the desk (pg_trgm) are searched too, their hits marked `near` and ranked lower.
 */
export async function search({ actor, query }: { actor: Actor; query: SearchQuery }): Promise<{ results: SearchResult[]; nextCursor: string | null }> {
  assertCan(actor, 'articles.read')
  const offset = readCursor(query.cursor)
  if (query.from && query.to && new Date(query.from) >= until(query.to)) throw fieldsError([{ path: 'from', message: 'is after to' }])
  let authorId: string | null = null
  if (query.author) {
    const who = await db().user.findFirst({ where: /^[0-9a-f-]{36}$/i.test(query.author) ? { id: query.author } : { email: query.author.toLowerCase() }, select: { id: true } })
    if (!who) throw fieldsError([{ path: 'author', message: 'is no user of this desk (give their id or email)' }])
    authorId = who.id
  }
  const limit = query.limit
  const parsed = parseQuery(query.q)
  const hasQuery = parsed.terms.length > 0 || /"/.test(parsed.text)
  // Near words and the completions of the word being typed: two lookups at once.
  const [nearMap, completions] = await Promise.all([hasQuery ? nearWords(parsed.terms, parsed.names) : new Map<string, string[]>(), parsed.prefix ? prefixWords(parsed.prefix) : []])
  const near = hasQuery ? nearQuery(parsed.terms, nearMap, parsed.excluded) : null
  // The word being typed: itself as a prefix of a stem, or any desk word it begins (stemmed).
  const prefix = parsed.prefix ? prefixQuery(parsed.prefix, completions) : null

  // Annotation filters leave articles and comments out; a type filter keeps one kind of result.
  const annotationOnly = Boolean(query.kind || query.status || query.verdict || query.category)
  const want = (t: SearchResult['type']) => (!query.type || query.type === t) && (t === 'annotation' || !annotationOnly)
  const from = query.from ? new Date(query.from) : null
  const to = query.to ? until(query.to) : null
  // Each filter is written only when given (not `$1 IS NULL OR …`), so the planner estimates it.
  const TRUE = Prisma.sql`true`
  const when = (col: Prisma.Sql) =>
    Prisma.sql`${from ? Prisma.sql`${col} >= ${from}::timestamptz` : TRUE} AND ${to ? Prisma.sql`${col} < ${to}::timestamptz` : TRUE}`
  const byStatus = query.articleStatus ? Prisma.sql`ar.status = ${query.articleStatus}::"ArticleStatus"` : TRUE
  const byAuthor = (col: Prisma.Sql) => (authorId ? Prisma.sql`${col} = ${authorId}::uuid` : TRUE)
  const full = hasQuery
    ? prefix
      ? Prisma.sql`(websearch_to_tsquery('english'::regconfig, ${parsed.text}) || (websearch_to_tsquery('english'::regconfig, ${parsed.rest}) && to_tsquery('english'::regconfig, ${prefix})))`
      : Prisma.sql`websearch_to_tsquery('english'::regconfig, ${parsed.text})`
    : Prisma.sql`NULL::tsquery`
  const nearSql = near ? Prisma.sql`to_tsquery('english'::regconfig, ${near})` : Prisma.sql`NULL::tsquery`
  // One tsquery for the index (the words or their near words), written out in each WHERE rather
  // than read from a CTE, so the planner sees it and estimates how many rows match.
  const both = near ? Prisma.sql`(${full} || ${nearSql})` : full
  const match = (vec: Prisma.Sql) => (hasQuery ? Prisma.sql`${vec} @@ ${both}` : Prisma.sql`true`)
  // Annotation filters are lexemes of the annotation's vector (migration 20261202110000_search):
  // the words and the filters are one GIN lookup. Values are checked against the vocabularies.
  const facetWords = [
    query.kind && `galleykind${query.kind}`,
    query.status && `galleystatus${query.status}`,
    query.verdict && `galleyverdict${query.verdict.replace('_', '')}`,
    query.category && `galleycategory${query.category}`,
  ].filter((w): w is string => Boolean(w))
  const facets = facetWords.length ? Prisma.sql`${facetWords.join(' & ')}::tsquery` : null
  const annotationMatch = facets ? (hasQuery ? Prisma.sql`an.search @@ (${both} && ${facets})` : Prisma.sql`an.search @@ ${facets}`) : match(Prisma.sql`an.search`)
  const score = (vec: Prisma.Sql) =>
    hasQuery ? (near ? Prisma.sql`CASE WHEN ${vec} @@ ${full} THEN ts_rank_cd(${vec}, ${full}, 32) ELSE 0.5 * ts_rank_cd(${vec}, ${nearSql}, 32) END` : Prisma.sql`ts_rank_cd(${vec}, ${full}, 32)`) : Prisma.sql`0::real`
  const isNear = (vec: Prisma.Sql) => (near ? Prisma.sql`NOT (${vec} @@ ${full})` : Prisma.sql`false`)

  // Each kind's newest matches (at most CANDIDATES) are ranked: a word on half the desk costs the
  // same as a rare one, and the rank never reads more than that many stored vectors.
  const cap = hasQuery ? CANDIDATES : offset + limit + 1
  const parts: Prisma.Sql[] = []
  if (want('article'))
    parts.push(Prisma.sql`
      SELECT 'article' AS type, x.id, x.id AS "articleId", NULL::uuid AS "annotationId", x."createdAt", ${score(Prisma.sql`x.search`)} AS score, ${isNear(Prisma.sql`x.search`)} AS near
      FROM (SELECT ar.id, ar."createdAt", ar.search FROM "Article" ar
            WHERE ar."deletedAt" IS NULL AND ${match(Prisma.sql`ar.search`)} AND ${byStatus} AND ${byAuthor(Prisma.sql`ar."createdById"`)} AND ${when(Prisma.sql`ar."createdAt"`)}
            ORDER BY ar."createdAt" DESC LIMIT ${cap}) x`)
  if (want('annotation'))
    parts.push(Prisma.sql`
      SELECT 'annotation' AS type, x.id, x."articleId", x.id AS "annotationId", x."createdAt", ${score(Prisma.sql`x.search`)} AS score, ${isNear(Prisma.sql`x.search`)} AS near
      FROM (SELECT an.id, an."articleId", an."createdAt", an.search FROM "Annotation" an JOIN "Article" ar ON ar.id = an."articleId" AND ar."deletedAt" IS NULL
            WHERE an."deletedAt" IS NULL AND ${annotationMatch} AND ${byStatus} AND ${byAuthor(Prisma.sql`an."createdById"`)} AND ${when(Prisma.sql`an."createdAt"`)}
            ORDER BY an."createdAt" DESC LIMIT ${cap}) x`)
  if (want('comment'))
    parts.push(Prisma.sql`
      SELECT 'comment' AS type, x.id, x."articleId", x."annotationId", x."createdAt", ${score(Prisma.sql`x.search`)} AS score, ${isNear(Prisma.sql`x.search`)} AS near
      FROM (SELECT c.id, an."articleId", an.id AS "annotationId", c."createdAt", c.search
            FROM "Comment" c JOIN "Annotation" an ON an.id = c."annotationId" AND an."deletedAt" IS NULL JOIN "Article" ar ON ar.id = an."articleId" AND ar."deletedAt" IS NULL
            WHERE ${match(Prisma.sql`c.search`)} AND ${byStatus} AND ${byAuthor(Prisma.sql`c."authorId"`)} AND ${when(Prisma.sql`c."createdAt"`)}
            ORDER BY c."createdAt" DESC LIMIT ${cap}) x`)
  if (!parts.length) return { results: [], nextCursor: null }

  type Row = { type: SearchResult['type']; id: string; articleId: string; annotationId: string | null; title: string; marked: string; score: number; near: boolean; kind: string | null; status: string | null; verdict: string | null }
  // Random reads cost about what sequential ones do when the desk is in memory or on SSD: said for
  // this statement only, so the planner reads a rare phrase through the GIN index instead of
  // opening every article's vector (PostgreSQL's default of 4 is for spinning disks).
  const [, rows] = await db().$transaction([
    db().$executeRaw`SET LOCAL random_page_cost = 1.1`,
    db().$queryRaw<Row[]>`
    WITH q AS (SELECT ${hasQuery ? both : Prisma.sql`NULL::tsquery`} AS both),
    hits AS (${Prisma.join(parts, ' UNION ALL ')}),
    page AS (SELECT * FROM hits ORDER BY score DESC, "createdAt" DESC, id LIMIT ${limit + 1} OFFSET ${offset})
    SELECT p.type, p.id, p."articleId", p."annotationId", p.score, p.near, ar.title, an.kind::text AS kind, an.status::text AS status, an.verdict::text AS verdict,
      CASE p.type
        WHEN 'article' THEN CASE WHEN q.both IS NULL THEN left(ar.body, 200) ELSE ts_headline('english'::regconfig, left(ar.body, 500000), q.both, ${HEADLINE}) END
        WHEN 'annotation' THEN
          -- A published fix has the corrected words as exact: show the words it replaced (Pain → Pang).
          CASE WHEN q.both IS NULL THEN left(COALESCE(an."originalExact", an.exact), 200) ELSE ts_headline('english'::regconfig,
            COALESCE(an."originalExact", an.exact) || CASE WHEN an.correction = '' THEN ' → (deleted)' ELSE COALESCE(' → ' || an.correction, '') END || COALESCE(' — ' || an.speaker, '') || CASE WHEN an.note <> '' THEN ' — ' || an.note ELSE '' END, q.both, ${HEADLINE}) END
        ELSE CASE WHEN q.both IS NULL THEN left(c.body, 200) ELSE ts_headline('english'::regconfig, c.body, q.both, ${HEADLINE}) END
      END AS marked
    FROM page p CROSS JOIN q JOIN "Article" ar ON ar.id = p."articleId"
      LEFT JOIN "Annotation" an ON an.id = p."annotationId"
      LEFT JOIN "Comment" c ON p.type = 'comment' AND c.id = p.id
    ORDER BY p.score DESC, p."createdAt" DESC, p.id`,
  ])
  const more = rows.length > limit
  const results = rows.slice(0, limit).map((r): SearchResult => {
    const { snippet, highlights } = readHighlights(r.marked ?? '')
    const out: SearchResult = { type: r.type, id: r.id, articleId: r.articleId, title: r.title, snippet, highlights, score: Math.round(Number(r.score) * 10000) / 10000, near: Boolean(r.near) }
    if (r.type !== 'article' && r.annotationId) out.annotationId = r.annotationId
    if (r.type === 'annotation') Object.assign(out, { kind: r.kind, status: r.status, verdict: r.verdict })
    return out
  })
  if (offset + limit > MAX_OFFSET && more) return { results, nextCursor: null }
  return { results, nextCursor: more ? writeCursor(offset + limit) : null }
}

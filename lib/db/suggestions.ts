import 'server-only'
import { createHash } from 'node:crypto'
import { AppError } from '@/lib/errors'
import { describeSpan } from '@/lib/anchoring/describe'
import { OffsetMap } from '@/lib/text/offsets'
import { offload, OverBudget } from '@/lib/server/offload'
import { isEnglish } from '@/lib/text/direction'
import type { Finding, SourceText } from '@/lib/suggest/types'
import { suggestionCategory } from '@/lib/suggest/category'
import type { AcceptSuggestionInput } from '@/lib/validation/suggestions'
import type { MissingSentenceDto, QuoteCheckDto, SuggestionDto } from '@/lib/types/suggestions'
import { CHECK_LABELS } from '@/lib/types/suggestions'
import { Prisma } from '@/lib/generated/prisma/client'
import { db, readSnapshot, type DbClient } from './client'
import { lockArticle, lockArticleText } from './articles'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'
import { sourceTexts } from './sources'
import { findSameFix, sameCorrection, sameFixError, spanSplitsCharacter, toAnnotationDto, WITH_AUTHOR, type AnnotationDto } from './annotations'
import type { SameFixDto } from '@/lib/types/desk'

type SuggestionRow = Prisma.SuggestionGetPayload<object>

function toDto(row: SuggestionRow): SuggestionDto {
  return {
    id: row.id,
    check: row.check as SuggestionDto['check'],
    start: row.start,
    end: row.end,
    exact: row.exact,
    correction: row.correction,
    alternatives: row.alternatives,
    category: row.category,
    message: row.message,
    sourceId: row.sourceId,
    status: row.status,
    revision: row.revision,
  }
}

/**
 * A finding's identity across computations: its check, words and correction, and which
 * occurrence of those it is. The same words found again after a revision keep their row, and
 * with it a dismissal.
 */
function fingerprints(findings: Array<Finding & { exact: string }>): string[] {
  const seen = new Map<string, number>()
  return findings.map((f) => {
    const key = JSON.stringify([f.check, f.exact, f.correction])
    const n = seen.get(key) ?? 0
    seen.set(key, n + 1)
    return createHash('sha256').update(`${key}#${n}`).digest('base64url')
  })
}

type State = { revision: number; deleted: boolean; sourcesKey: string; runRevision: number | null; runKey: string | null; missing: unknown; failure: string | null; failedLongAgo: boolean }

/**
 * A budget is wall-clock time on a busy machine: checks stopped by it are answered from the record
 * for this long, then tried again (the machine may only have been busy).
 */
const FAILURE_KEPT_MINUTES = 15

/**
 * What the suggestions depend on, without reading a body: the article's revision, its live
 * sources (their ids: a source is never edited, only added or deleted) and the last computation.
 * Every GET asks this first, so an up-to-date article costs one small query.
 */
async function suggestionState(client: DbClient, articleId: string): Promise<State> {
  const [row] = await client.$queryRaw<State[]>`
    SELECT a.revision, a."deletedAt" IS NOT NULL AS deleted,
      a.language || '|' || COALESCE((SELECT string_agg(s.id::text, ',' ORDER BY s."createdAt", s.id) FROM "ArticleSource" s WHERE s."articleId" = a.id AND s."deletedAt" IS NULL), '') AS "sourcesKey",
      r.revision AS "runRevision", r."sourcesKey" AS "runKey", r.missing, r.failure,
      (r.failure IS NOT NULL AND r."computedAt" < now() - make_interval(mins => ${FAILURE_KEPT_MINUTES})) AS "failedLongAgo"
    FROM "Article" a LEFT JOIN "SuggestionRun" r ON r."articleId" = a.id WHERE a.id = ${articleId}::uuid`
  if (!row || row.deleted) throw new AppError('not_found', `No article with the id ${articleId}.`)
  return row
}

const upToDate = (s: State) => s.runRevision === s.revision && s.runKey === s.sourcesKey && !s.failedLongAgo

/**
 * How long the checks of one article may run (harper.js's start-up on a fresh thread included):
 * 60 s, or GALLEY_CHECKS_BUDGET_MS (read at each run).
 */
const checksBudgetMs = () => {
  const v = Number(process.env.GALLEY_CHECKS_BUDGET_MS)
  return Number.isFinite(v) && v > 0 ? v : 60_000
}
/** The 413 for checks that could not finish: what was too big, in words a desk understands. */
const tooBig = (message: string) => new AppError('payload_too_large', message)
const size = (chars: number) => (chars >= 1_000_000 ? `${(chars / 1_000_000).toFixed(1)} million characters` : `${chars.toLocaleString('en')} characters`)
/** "this article (1.2 million characters) with 2 sources of 4.8 million characters" */
const whatWasChecked = (body: string, texts: SourceText[]) =>
  `this article (${size(body.length)}) with ${texts.length === 0 ? 'no sources' : `${texts.length} source${texts.length === 1 ? '' : 's'} of ${size(texts.reduce((n, t) => n + t.body.length, 0))}`}`

/**
 * Bring the article's suggestions up to date with its body and sources: computed on the offload
 * pool, outside any transaction (the checks take up to a second on a long article, and at most
 * checksBudgetMs()), then written in one, under an advisory lock on the article, only if the body
 * and sources are still the ones computed on (else a later call computes again). Checks stopped
 * at their budget are recorded for that revision and those sources, so opening the article again
 * answers at once with the same 413 rather than running them again. Returns the missing source
 * sentences of the current computation.
 */
async function ensureSuggestions(articleId: string, actor: Actor): Promise<MissingSentenceDto[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const state = await suggestionState(db(), articleId)
    if (upToDate(state)) {
      if (state.failure) throw tooBig(state.failure)
      return state.missing as MissingSentenceDto[]
    }
    const article = await db().article.findUniqueOrThrow({ where: { id: articleId }, select: { body: true, revision: true, language: true } })
    const texts: SourceText[] = await sourceTexts(db(), articleId)
    // The key names the language too: choosing another one runs the checks again.
    const key = `${article.language}|${texts.map((t) => t.id).join(',')}`
    let computed: Awaited<ReturnType<typeof runTheChecks>> | { failure: string }
    try {
      computed = await runTheChecks(articleId, article, texts, key, actor)
    } catch (err) {
      if (!(err instanceof OverBudget)) throw err
      computed = {
        failure: `The desk's checks did not finish within ${checksBudgetMs() / 1000} s on ${whatWasChecked(article.body, texts)}, so this revision has no suggestions. Shorter sources, or the article in parts, can be checked.`,
      }
    }
    const written = await writeSuggestions(articleId, article, key, computed)
    if (written?.failure) throw tooBig(written.failure)
    if (written) return written.missing
  }
  throw new AppError('conflict', 'The article or its sources kept changing while its suggestions were computed; try again.')
}

async function runTheChecks(articleId: string, article: { body: string; revision: number; language: string }, texts: SourceText[], key: string, actor: Actor) {
  // Spelling, grammar and the phrase lists know English only: for another language, only the
  // comparison with the attached sources runs. Several people opening the article at once share one run.
  const { findings, missing } = await offload(
    'checks',
    { body: article.body, sources: texts, options: { english: isEnglish(article.language) } },
    { budgetMs: checksBudgetMs(), key: actor.id, dedupe: `${articleId}:${article.revision}:${key}` },
  )
  const map = new OffsetMap(article.body)
  const placed = findings.map((f) => ({ ...f, exact: article.body.slice(f.start, f.end), cpStart: map.toCodePoint(f.start), cpEnd: map.toCodePoint(f.end) }))
  const missingDto: MissingSentenceDto[] = missing.map((m) => {
    const sm = new OffsetMap(texts.find((t) => t.id === m.sourceId)!.body)
    return { sourceId: m.sourceId, start: sm.toCodePoint(m.start), end: sm.toCodePoint(m.end), text: m.text }
  })
  return { placed, missing: missingDto }
}

/** Write a computation (or its failure) if the article and sources are still those it ran on: the missing sentences, or null to compute again. */
async function writeSuggestions(
  articleId: string,
  article: { revision: number },
  key: string,
  computed: Awaited<ReturnType<typeof runTheChecks>> | { failure: string },
): Promise<{ missing: MissingSentenceDto[]; failure: string | null } | null> {
  const placed = 'failure' in computed ? [] : computed.placed
  const missingDto = 'failure' in computed ? [] : computed.missing
  const failure = 'failure' in computed ? computed.failure : null
  const prints = fingerprints(placed)
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'suggestions:' + articleId}))`
      const now = await suggestionState(tx, articleId)
      if (now.revision !== article.revision || now.sourcesKey !== key) return null // changed meanwhile: compute again
      if (upToDate(now)) return { missing: now.missing as MissingSentenceDto[], failure: now.failure } // another request wrote this very computation first
      const existing = await tx.suggestion.findMany({ where: { articleId }, select: { id: true, fingerprint: true } })
      const byPrint = new Map(existing.map((e) => [e.fingerprint, e.id]))
      // What is no longer found: open ones go, decided ones stay (a dismissal must hold if it comes back).
      // After a failure nothing is found: the earlier revision's suggestions would sit on the wrong words.
      // A reopened one (a decision undone) was decided once: it stays too, with its history.
      await tx.suggestion.deleteMany({ where: { articleId, status: 'open', reopenedAt: null, fingerprint: { notIn: prints } } })
      await tx.suggestion.updateMany({ where: { articleId, OR: [{ status: { not: 'open' } }, { reopenedAt: { not: null } }], fingerprint: { notIn: prints } }, data: { current: false } })
      const fresh: Prisma.SuggestionCreateManyInput[] = []
      const moved: Array<Record<string, unknown>> = []
      placed.forEach((f, i) => {
        const data = { start: f.cpStart, end: f.cpEnd, exact: f.exact, correction: f.correction, alternatives: f.alternatives, category: f.category, message: f.message, sourceId: f.sourceId }
        const id = byPrint.get(prints[i])
        if (id) moved.push({ id, ...data })
        else fresh.push({ ...data, articleId, fingerprint: prints[i], check: f.check, revision: article.revision })
      })
      // Findings seen before keep their row (and its decision) on the new offsets: one statement for all.
      if (moved.length) {
        await tx.$executeRaw`
          UPDATE "Suggestion" s SET start = r.start, "end" = r."end", exact = r.exact, correction = r.correction, alternatives = r.alternatives,
            category = r.category, message = r.message, "sourceId" = r."sourceId", revision = ${article.revision}, current = true
          FROM jsonb_to_recordset(${JSON.stringify(moved)}::jsonb)
            AS r(id uuid, start int, "end" int, exact text, correction text, alternatives text[], category text, message text, "sourceId" uuid)
          WHERE s.id = r.id`
      }
      if (fresh.length) await tx.suggestion.createMany({ data: fresh })
      await tx.suggestionRun.upsert({
        where: { articleId },
        create: { articleId, revision: article.revision, sourcesKey: key, missing: missingDto, failure },
        update: { revision: article.revision, sourcesKey: key, missing: missingDto, failure, computedAt: new Date() },
      })
      return { missing: missingDto, failure }
    },
    { maxWait: 10_000, timeout: 60_000 },
  )
}

/**
 * Open suggestions in text order (computed first if the body or the sources changed), and those
 * taken (`taken`, issue 22): accepted, or saying exactly what a live fix on the same words already
 * says (a fix made by hand, maybe before the checks ran), each with the fix that took it. With
 * `status: 'dismissed'`, the dismissed ones the current text still has, with who dismissed them
 * (and no `taken`).
 */
export async function listSuggestions({ articleId, actor, status = 'open' }: { articleId: string; actor: Actor; status?: 'open' | 'dismissed' }): Promise<{ suggestions: SuggestionDto[]; missing: MissingSentenceDto[]; taken: SuggestionDto[] }> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const missing = await ensureSuggestions(articleId, actor)
  if (status === 'dismissed') {
    const dismissed = await db().suggestion.findMany({ where: { articleId, status, current: true }, orderBy: [{ start: 'asc' }, { end: 'asc' }, { check: 'asc' }] })
    return { suggestions: await withDeciders(db(), dismissed), missing, taken: [] }
  }
  const rows = await db().$queryRaw<Array<SuggestionRow & { takenBy: string | null }>>`
    SELECT s.*, CASE WHEN s.status = 'accepted' THEN s."annotationId" ELSE same.id END AS "takenBy"
    FROM "Suggestion" s
    LEFT JOIN LATERAL (
      SELECT a.id FROM "Annotation" a
      WHERE s.status = 'open' AND a."articleId" = s."articleId" AND a.start = s.start AND a."end" = s."end" AND a.kind = 'error' AND a.exact = s.exact
        AND a.correction = s.correction AND a."deletedAt" IS NULL AND NOT a.orphaned AND a.status IN ('open', 'approved')
      ORDER BY a."createdAt", a.id LIMIT 1
    ) same ON true
    WHERE s."articleId" = ${articleId}::uuid AND s.current
      AND (s.status = 'open' OR (s.status = 'accepted' AND EXISTS (SELECT 1 FROM "Annotation" t WHERE t.id = s."annotationId" AND t."deletedAt" IS NULL)))
    ORDER BY s.start, s."end", s."check"`
  const suggestions: SuggestionDto[] = []
  const taken: SuggestionDto[] = []
  for (const { takenBy, ...row } of rows) {
    if (takenBy) taken.push({ ...toDto(row), takenBy })
    else if (row.status === 'open') suggestions.push(toDto(row))
  }
  return { suggestions, missing, taken }
}

/** DTOs with who decided each and when. */
async function withDeciders(client: DbClient, rows: SuggestionRow[]): Promise<SuggestionDto[]> {
  const ids = [...new Set(rows.map((r) => r.decidedById).filter((x): x is string => Boolean(x)))]
  const users = ids.length ? await client.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : []
  const names = new Map(users.map((u) => [u.id, u.name]))
  return rows.map((r) => ({ ...toDto(r), decidedBy: r.decidedById ? { id: r.decidedById, name: names.get(r.decidedById) ?? '' } : null, decidedAt: r.decidedAt?.toISOString() ?? null }))
}

/**
 * Lock a suggestion for a decision, after its article (the order every writer takes; share: the
 * body and the article's status stay put until the decision commits). 409 unless it is open.
 */
async function lockSuggestion(tx: Prisma.TransactionClient, id: string, withBody: boolean, expected: SuggestionRow['status'] = 'open') {
  assertId(id, 'suggestion')
  const first = await tx.suggestion.findUnique({ where: { id }, select: { articleId: true } })
  if (!first) throw new AppError('not_found', `No suggestion with the id ${id}.`)
  let article: { revision: number; body?: string }
  try {
    article = withBody ? await lockArticleText(tx, first.articleId, 'share') : await lockArticle(tx, first.articleId, 'share')
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', `No suggestion with the id ${id}.`)
    throw err
  }
  const [row] = await tx.$queryRaw<SuggestionRow[]>`SELECT * FROM "Suggestion" WHERE id = ${id}::uuid FOR UPDATE`
  if (row.status !== expected) {
    throw new AppError('conflict', expected === 'open' ? `This suggestion was already ${row.status}.` : `This suggestion is ${row.status}, not ${expected}.`, { status: row.status })
  }
  return { row, article }
}

/**
 * Accept a suggestion: it becomes an open error annotation on its words (authored by whoever
 * accepts it, with the check named in its note), which then goes through review like any fix.
 * 409 if it was decided already or the article changed under it. One transaction.
 */
export async function acceptSuggestion({ id, input, actor }: { id: string; input: AcceptSuggestionInput; actor: Actor }): Promise<AnnotationDto> {
  assertCan(actor, 'annotations.write')
  const outcome = await db().$transaction(async (tx) => {
    // The same fix already on the desk (made by hand, or in another tab)? Its place is locked
    // before the suggestion's row (the order a hand-made fix takes them: article, place, suggestion).
    const peek = await tx.suggestion.findUnique({ where: { id }, select: { articleId: true, start: true, end: true, exact: true, correction: true, status: true } })
    const asked = input.correction !== undefined ? input.correction : peek?.correction
    let same: SameFixDto | null = null
    if (peek && peek.status === 'open' && asked !== null && asked !== undefined) {
      // A missing article is the suggestion's own 404 below; a database error is not swallowed.
      const locked = await lockArticle(tx, peek.articleId, 'share').then(
        () => true,
        (err) => {
          if (err instanceof AppError) return false
          throw err
        },
      )
      if (locked) same = await findSameFix(tx, { articleId: peek.articleId, start: peek.start, end: peek.end, exact: peek.exact, correction: asked })
    }
    const { row, article } = await lockSuggestion(tx, id, true)
    // Recomputed between the peek and the lock (moved with a revision): the place checked is not its place.
    if (peek && (row.start !== peek.start || row.end !== peek.end || row.exact !== peek.exact || row.correction !== peek.correction)) {
      throw new AppError('conflict', 'This suggestion moved with the text while it was being accepted; reload and accept it again.')
    }
    if (same) {
      // Taken already: the suggestion points at the fix that says the same, and this save stops.
      await tx.suggestion.update({ where: { id }, data: { status: 'accepted', annotationId: same.id, decidedById: actor.id, decidedAt: new Date() } })
      await recordAudit(tx, { actorId: actor.id, action: 'suggestion.accept', entityType: 'Suggestion', entityId: id, before: toDto(row), after: { annotationId: same.id, correction: asked, sameFix: true } })
      return { same, dto: null }
    }
    const body = article.body!
    const map = new OffsetMap(body)
    const selectors = row.end <= map.length ? describeSpan(body, row.start, row.end, map) : null
    if (row.revision !== article.revision || !row.current || !selectors || selectors.exact !== row.exact) {
      throw new AppError('conflict', `The article changed since this suggestion was made (it is at revision ${article.revision}); reload to see the suggestions for the current text.`, { revision: article.revision })
    }
    if (spanSplitsCharacter(map, row.start, row.end)) throw new AppError('conflict', 'The suggestion’s words cut a character in two; select them by hand.')
    const correction = input.correction !== undefined ? input.correction : row.correction
    // "Not in source" has nothing to put in place of the words: without a correction it is a claim to check.
    const kind = correction === null ? 'claim' : 'error'
    if (kind === 'error' && correction === row.exact) throw sameCorrection()
    const label = CHECK_LABELS[row.check as keyof typeof CHECK_LABELS] ?? row.check
    const created = await tx.annotation.create({
      data: {
        articleId: row.articleId,
        kind,
        ...selectors,
        correction: kind === 'error' ? correction : null,
        // The category that fits the correction accepted (which may have been edited): it decides what readers are told.
        category: kind === 'error' ? suggestionCategory({ check: row.check, exact: row.exact, correction, category: row.category }) : null,
        verdict: kind === 'claim' ? 'unverified' : null,
        note: `Suggested by the ${label.toLowerCase()} check: ${row.message}`.slice(0, 10_000),
        createdById: actor.id,
        contributorIds: [actor.id],
      },
      include: WITH_AUTHOR,
    })
    await tx.annotationAnchor.create({ data: { annotationId: created.id, revision: article.revision, method: 'created', ...selectors } })
    await tx.suggestion.update({ where: { id }, data: { status: 'accepted', annotationId: created.id, decidedById: actor.id, decidedAt: new Date() } })
    const dto = toAnnotationDto(created)
    await recordAudit(tx, { actorId: actor.id, action: 'annotation.create', entityType: 'Annotation', entityId: created.id, after: dto })
    await recordAudit(tx, { actorId: actor.id, action: 'suggestion.accept', entityType: 'Suggestion', entityId: id, before: toDto(row), after: { annotationId: created.id, correction } })
    return { same: null, dto }
  })
  if (outcome.same) throw sameFixError(outcome.same)
  return outcome.dto!
}

/** Dismiss a suggestion: hidden, and it stays dismissed while the same words are found again. */
export async function dismissSuggestion({ id, actor }: { id: string; actor: Actor }): Promise<void> {
  assertCan(actor, 'annotations.write')
  await db().$transaction(async (tx) => {
    const { row } = await lockSuggestion(tx, id, false)
    await tx.suggestion.update({ where: { id }, data: { status: 'dismissed', decidedById: actor.id, decidedAt: new Date() } })
    await recordAudit(tx, { actorId: actor.id, action: 'suggestion.dismiss', entityType: 'Suggestion', entityId: id, before: toDto(row) })
  })
}

/** How long one request may check quotes before it answers with those done (the rest continue on the next). */
export const QUOTE_CHECKS_SLICE_MS = 3_000
/** Hard limit for one request's quote checks (one quote is bounded by the search cost; this catches the rest). */
const QUOTE_CHECKS_BUDGET_MS = 20_000

type QuoteState = {
  revision: number
  deleted: boolean
  sourcesKey: string
  quotesKey: string
  runRevision: number | null
  runSources: string | null
  runQuotes: string | null
  complete: boolean | null
  failure: string | null
  failedLongAgo: boolean
}

/**
 * What an article's quote checks depend on, without reading a body: its revision, its live
 * sources and its quote annotations (their ids and spans), and the last run.
 */
async function quoteState(articleId: string, client: DbClient = db()): Promise<QuoteState> {
  const [row] = await client.$queryRaw<QuoteState[]>`
    SELECT a.revision, a."deletedAt" IS NOT NULL AS deleted,
      COALESCE((SELECT string_agg(s.id::text, ',' ORDER BY s."createdAt", s.id) FROM "ArticleSource" s WHERE s."articleId" = a.id AND s."deletedAt" IS NULL), '') AS "sourcesKey",
      md5(COALESCE((SELECT string_agg(q.id::text || ':' || q.start || ':' || q."end", ',' ORDER BY q.start, q."end", q.id) FROM "Annotation" q
                    WHERE q."articleId" = a.id AND q.kind = 'quote' AND q."deletedAt" IS NULL AND NOT q.orphaned), '')) AS "quotesKey",
      r.revision AS "runRevision", r."sourcesKey" AS "runSources", r."quotesKey" AS "runQuotes", r.complete, r.failure,
      (r.failure IS NOT NULL AND r."computedAt" < now() - make_interval(mins => ${FAILURE_KEPT_MINUTES})) AS "failedLongAgo"
    FROM "Article" a LEFT JOIN "QuoteCheckRun" r ON r."articleId" = a.id WHERE a.id = ${articleId}::uuid`
  if (!row || row.deleted) throw new AppError('not_found', `No article with the id ${articleId}.`)
  return row
}

/**
 * Quote checks: every quoted passage of the article and every quote annotation, looked up in the
 * article's transcripts (or its other sources). Offsets are code points (of the article, and of
 * the source for `source`). Cached per revision, sources and quote annotations, as suggestions
 * are: an unchanged article answers from one row. Computed on the offload pool, at most
 * QUOTE_CHECKS_SLICE_MS per request: a long article with many quotes answers with the checks done
 * so far and `complete: false`, and the next request goes on from there.
 */
export async function listQuoteChecks({ articleId, actor }: { articleId: string; actor: Actor }): Promise<{ quotes: QuoteCheckDto[]; complete: boolean }> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  // What the checks depend on and what they run on, read in one snapshot: the key they are kept
  // (and shared) under is the key of the very text, sources and quotes they were worked out on.
  const read = await readSnapshot(async (tx) => {
    const state = await quoteState(articleId, tx)
    const sameText = state.runRevision === state.revision && state.runSources === state.sourcesKey
    if (sameText && state.runQuotes === state.quotesKey && (state.complete || (state.failure && !state.failedLongAgo))) {
      if (state.failure) throw new AppError('payload_too_large', state.failure)
      const run = await tx.quoteCheckRun.findUniqueOrThrow({ where: { articleId }, select: { checks: true } })
      return { cached: run.checks as QuoteCheckDto[] } as const
    }
    const article = await tx.article.findUniqueOrThrow({ where: { id: articleId }, select: { body: true, revision: true } })
    const texts: SourceText[] = await sourceTexts(tx, articleId)
    const quotes = await tx.annotation.findMany({ where: { articleId, kind: 'quote', deletedAt: null, orphaned: false }, select: { id: true, start: true, end: true } })
    const run = sameText ? await tx.quoteCheckRun.findUnique({ where: { articleId }, select: { checks: true } }) : null
    return { state, article, texts, quotes, run } as const
  })
  if ('cached' in read) return { quotes: read.cached as QuoteCheckDto[], complete: true }
  const { state, article, texts, quotes, run } = read
  let result: { checks: QuoteCheckDto[]; complete: boolean; failure?: string }
  try {
    result = await offload(
      'quoteChecks',
      { body: article.body, annotations: quotes, sources: texts, done: (run?.checks as QuoteCheckDto[] | undefined) ?? [] },
      { budgetMs: QUOTE_CHECKS_BUDGET_MS, softMs: QUOTE_CHECKS_SLICE_MS, key: actor.id, dedupe: `${articleId}:${state.revision}:${state.sourcesKey}:${state.quotesKey}` },
    )
  } catch (err) {
    if (!(err instanceof OverBudget)) throw err
    result = { checks: [], complete: false, failure: `The quote checks did not finish within ${QUOTE_CHECKS_BUDGET_MS / 1000} s on ${whatWasChecked(article.body, texts)}.` }
  }
  // Kept only if nothing changed meanwhile (a later request computes again otherwise).
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'quote-checks:' + articleId}))`
    const now = await quoteState(articleId, tx)
    if (now.revision !== article.revision || now.sourcesKey !== state.sourcesKey || now.quotesKey !== state.quotesKey) return
    const data = { revision: article.revision, sourcesKey: state.sourcesKey, quotesKey: state.quotesKey, checks: result.checks, complete: result.complete, failure: result.failure ?? null, computedAt: new Date() }
    await tx.quoteCheckRun.upsert({ where: { articleId }, create: { articleId, ...data }, update: data })
  })
  if (result.failure) throw new AppError('payload_too_large', result.failure)
  return { quotes: result.checks, complete: result.complete }
}

/**
 * Lock a decided suggestion to take its decision back: its article first, exclusively (comments,
 * reviews and edits of the annotation it became take the article's lock shared, so nothing can
 * build on that annotation between the checks below and the undo), then the suggestion.
 */
async function lockDecided(tx: Prisma.TransactionClient, id: string) {
  assertId(id, 'suggestion')
  const first = await tx.suggestion.findUnique({ where: { id }, select: { articleId: true } })
  if (!first) throw new AppError('not_found', `No suggestion with the id ${id}.`)
  try {
    await lockArticle(tx, first.articleId, 'update')
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', `No suggestion with the id ${id}.`)
    throw err
  }
  const [row] = await tx.$queryRaw<SuggestionRow[]>`SELECT * FROM "Suggestion" WHERE id = ${id}::uuid FOR UPDATE`
  return row
}

/**
 * What stands in the way of taking back the annotation an accepted suggestion became, in words, or
 * null when nothing does: this acceptance made it (not a fix that was on the desk already, by hand
 * or in another tab — that one is its author's, and undoing the suggestion must not delete it), and
 * it is still open, unedited (version 1), unreviewed, without comments, alone (no "fix every
 * occurrence" copies made from it), and on the revision it was made on (never re-anchored since).
 */
async function builtOn(tx: Prisma.TransactionClient, suggestionId: string, annotationId: string): Promise<string | null> {
  const [a] = await tx.$queryRaw<Array<{ deleted: boolean; status: string; version: number; reviews: number; comments: number; anchors: number; grouped: number; madeHere: boolean }>>`
    SELECT a."deletedAt" IS NOT NULL AS deleted, a.status::text AS status, a.version,
      (SELECT count(*)::int FROM "Review" r WHERE r."annotationId" = a.id) AS reviews,
      (SELECT count(*)::int FROM "Comment" c WHERE c."annotationId" = a.id) AS comments,
      (SELECT count(*)::int FROM "AnnotationAnchor" x WHERE x."annotationId" = a.id) AS anchors,
      (SELECT count(*)::int FROM "Annotation" g WHERE a."groupId" IS NOT NULL AND g."groupId" = a."groupId" AND g.id <> a.id AND g."deletedAt" IS NULL) AS grouped,
      EXISTS (
        SELECT 1 FROM "AuditEvent" e
        WHERE e."entityType" = 'Suggestion' AND e."entityId" = ${suggestionId} AND e.action = 'suggestion.accept'
          AND e.after->>'annotationId' = a.id::text AND NOT (e.after ? 'sameFix') AND NOT (e.after ? 'byHand')
      ) AS "madeHere"
    FROM "Annotation" a WHERE a.id = ${annotationId}::uuid FOR UPDATE`
  if (!a || a.deleted) return 'the annotation it became was deleted since'
  if (!a.madeHere) return 'it was settled by the same fix already on the desk, which is its author’s'
  if (a.grouped > 0) return `the same fix was made from it on ${a.grouped} other occurrence${a.grouped === 1 ? '' : 's'}`
  if (a.reviews > 0 || a.status !== 'open') return `the fix it became was ${a.status === 'open' ? 'reviewed' : a.status} since`
  if (a.comments > 0) return 'the annotation it became has comments'
  if (a.version !== 1) return 'the annotation it became was edited since'
  if (a.anchors > 1) return 'the text changed since, and the annotation it became moved with it'
  return null
}

/**
 * Undo a decision on a suggestion (accept or dismiss), by whoever made it or an admin: it is open
 * again, and an accepted one's annotation is deleted. Refused (409) when it is not decided, when
 * the current text no longer has it, or when someone built on the annotation it became (reviewed,
 * edited, commented, moved by a revision): that fix is no longer this suggestion to take back.
 * Checks and writes in one transaction; audited as `suggestion.undo` (and `annotation.delete`).
 */
export async function undoSuggestionDecision({ id, actor }: { id: string; actor: Actor }): Promise<SuggestionDto> {
  assertCan(actor, 'annotations.write')
  return db().$transaction(async (tx) => {
    const row = await lockDecided(tx, id)
    if (row.status === 'open') throw new AppError('conflict', 'This suggestion is not decided: there is nothing to undo.', { status: row.status })
    if (row.decidedById !== actor.id && actor.role !== 'admin') {
      throw new AppError('forbidden', `Only whoever ${row.status} this suggestion (or an admin) may undo it${row.status === 'dismissed' ? '; anyone may restore it from the dismissed suggestions' : ''}.`)
    }
    if (!row.current) throw new AppError('conflict', `This suggestion is no longer found in the current text, so it cannot be reopened.`, { status: row.status })
    let deleted: AnnotationDto | null = null
    let alsoReopened: string[] = []
    if (row.status === 'accepted' && row.annotationId) {
      const reason = await builtOn(tx, id, row.annotationId)
      if (reason) throw new AppError('conflict', `This suggestion cannot be undone: ${reason}. Change the fix itself instead.`, { status: row.status, annotationId: row.annotationId })
      const before = await tx.annotation.findUniqueOrThrow({ where: { id: row.annotationId }, include: WITH_AUTHOR })
      const { count } = await tx.annotation.updateMany({ where: { id: row.annotationId, version: 1, status: 'open', deletedAt: null }, data: { deletedAt: new Date(), version: { increment: 1 } } })
      if (count === 0) throw new AppError('conflict', 'The annotation this suggestion became changed at the same moment; reload and try again.')
      deleted = toAnnotationDto(before)
      await recordAudit(tx, { actorId: actor.id, action: 'annotation.delete', entityType: 'Annotation', entityId: before.id, before: deleted, after: { undone: 'suggestion.accept', suggestionId: id } })
      // Other suggestions that fix had settled (the same words from another check) are open again.
      alsoReopened = (
        await tx.$queryRaw<Array<{ id: string }>>`
          UPDATE "Suggestion" SET status = 'open', "annotationId" = NULL, "decidedById" = NULL, "decidedAt" = NULL, "reopenedAt" = now()
          WHERE "annotationId" = ${before.id}::uuid AND id <> ${id}::uuid AND status = 'accepted' RETURNING id`
      ).map((r) => r.id)
    }
    const updated = await tx.suggestion.update({ where: { id }, data: { status: 'open', annotationId: null, decidedById: null, decidedAt: null, reopenedAt: new Date() } })
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'suggestion.undo',
      entityType: 'Suggestion',
      entityId: id,
      before: { ...toDto(row), annotationId: row.annotationId, decidedById: row.decidedById },
      after: { status: 'open', undone: row.status, deletedAnnotationId: deleted?.id ?? null, ...(alsoReopened.length ? { alsoReopened } : {}) },
    })
    return toDto(updated)
  })
}

/**
 * Restore a dismissed suggestion (anyone who may dismiss one): it is open again. 409 unless it is
 * dismissed and the current text still has it. Audited as `suggestion.restore`.
 */
export async function restoreSuggestion({ id, actor }: { id: string; actor: Actor }): Promise<SuggestionDto> {
  assertCan(actor, 'annotations.write')
  return db().$transaction(async (tx) => {
    const { row } = await lockSuggestion(tx, id, false, 'dismissed')
    if (!row.current) throw new AppError('conflict', 'This suggestion is no longer found in the current text, so it cannot be restored.', { status: row.status })
    const updated = await tx.suggestion.update({ where: { id }, data: { status: 'open', decidedById: null, decidedAt: null, reopenedAt: new Date() } })
    await recordAudit(tx, { actorId: actor.id, action: 'suggestion.restore', entityType: 'Suggestion', entityId: id, before: { ...toDto(row), decidedById: row.decidedById }, after: { status: 'open' } })
    return toDto(updated)
  })
}

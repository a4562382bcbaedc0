import 'server-only'
import { createHash } from 'node:crypto'
import { AppError } from '@/lib/errors'
import { describeSpan } from '@/lib/anchoring/describe'
import { OffsetMap } from '@/lib/text/offsets'
import { runChecksOffThread } from '@/lib/suggest/off-thread'
import { isEnglish } from '@/lib/text/direction'
import { checkQuotes, findQuotes } from '@/lib/suggest/quote-check'
import type { Finding, SourceText } from '@/lib/suggest/types'
import type { AcceptSuggestionInput } from '@/lib/validation/suggestions'
import type { MissingSentenceDto, QuoteCheckDto, SuggestionDto } from '@/lib/types/suggestions'
import { CHECK_LABELS } from '@/lib/types/suggestions'
import { Prisma } from '@/lib/generated/prisma/client'
import { db, type DbClient } from './client'
import { lockArticle, lockArticleText } from './articles'
import { recordAudit } from './audit'
import { assertCan, assertId, type Actor } from './authorize'
import { sourceTexts } from './sources'
import { sameCorrection, spanSplitsCharacter, toAnnotationDto, WITH_AUTHOR, type AnnotationDto } from './annotations'

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

type State = { revision: number; deleted: boolean; sourcesKey: string; runRevision: number | null; runKey: string | null; missing: unknown }

/**
 * What the suggestions depend on, without reading a body: the article's revision, its live
 * sources (their ids: a source is never edited, only added or deleted) and the last computation.
 * Every GET asks this first, so an up-to-date article costs one small query.
 */
async function suggestionState(client: DbClient, articleId: string): Promise<State> {
  const [row] = await client.$queryRaw<State[]>`
    SELECT a.revision, a."deletedAt" IS NOT NULL AS deleted,
      a.language || '|' || COALESCE((SELECT string_agg(s.id::text, ',' ORDER BY s."createdAt", s.id) FROM "ArticleSource" s WHERE s."articleId" = a.id AND s."deletedAt" IS NULL), '') AS "sourcesKey",
      r.revision AS "runRevision", r."sourcesKey" AS "runKey", r.missing
    FROM "Article" a LEFT JOIN "SuggestionRun" r ON r."articleId" = a.id WHERE a.id = ${articleId}::uuid`
  if (!row || row.deleted) throw new AppError('not_found', `No article with the id ${articleId}.`)
  return row
}

const upToDate = (s: State) => s.runRevision === s.revision && s.runKey === s.sourcesKey

/**
 * Bring the article's suggestions up to date with its body and sources: computed outside any
 * transaction (the checks take up to a second on a long article), then written in one, under an
 * advisory lock on the article, only if the body and sources are still the ones computed on (else
 * a later call computes again). Returns the missing source sentences of the current computation.
 */
async function ensureSuggestions(articleId: string): Promise<MissingSentenceDto[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const state = await suggestionState(db(), articleId)
    if (upToDate(state)) return state.missing as MissingSentenceDto[]
    const article = await db().article.findUniqueOrThrow({ where: { id: articleId }, select: { body: true, revision: true, language: true } })
    const texts: SourceText[] = await sourceTexts(db(), articleId)
    // The key names the language too: choosing another one runs the checks again.
    const key = `${article.language}|${texts.map((t) => t.id).join(',')}`
    // Spelling, grammar and the phrase lists know English only: for another language, only the
    // comparison with the attached sources runs.
    const { findings, missing } = await runChecksOffThread(article.body, texts, { english: isEnglish(article.language) })
    const map = new OffsetMap(article.body)
    const placed = findings.map((f) => ({ ...f, exact: article.body.slice(f.start, f.end), cpStart: map.toCodePoint(f.start), cpEnd: map.toCodePoint(f.end) }))
    const prints = fingerprints(placed)
    const missingDto: MissingSentenceDto[] = missing.map((m) => {
      const sm = new OffsetMap(texts.find((t) => t.id === m.sourceId)!.body)
      return { sourceId: m.sourceId, start: sm.toCodePoint(m.start), end: sm.toCodePoint(m.end), text: m.text }
    })
    const written = await db().$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'suggestions:' + articleId}))`
        const now = await suggestionState(tx, articleId)
        if (now.revision !== article.revision || now.sourcesKey !== key) return false // changed meanwhile: compute again
        if (upToDate(now)) return true // another request wrote this very computation first
        const existing = await tx.suggestion.findMany({ where: { articleId }, select: { id: true, fingerprint: true } })
        const byPrint = new Map(existing.map((e) => [e.fingerprint, e.id]))
        // What is no longer found: open ones go, decided ones stay (a dismissal must hold if it comes back).
        await tx.suggestion.deleteMany({ where: { articleId, status: 'open', fingerprint: { notIn: prints } } })
        await tx.suggestion.updateMany({ where: { articleId, status: { not: 'open' }, fingerprint: { notIn: prints } }, data: { current: false } })
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
          create: { articleId, revision: article.revision, sourcesKey: key, missing: missingDto },
          update: { revision: article.revision, sourcesKey: key, missing: missingDto, computedAt: new Date() },
        })
        return true
      },
      { maxWait: 10_000, timeout: 60_000 },
    )
    if (written) return missingDto
  }
  throw new AppError('conflict', 'The article or its sources kept changing while its suggestions were computed; try again.')
}

/** Open suggestions in text order (computed first if the body or the sources changed). */
export async function listSuggestions({ articleId, actor }: { articleId: string; actor: Actor }): Promise<{ suggestions: SuggestionDto[]; missing: MissingSentenceDto[] }> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const missing = await ensureSuggestions(articleId)
  const rows = await db().suggestion.findMany({ where: { articleId, status: 'open', current: true }, orderBy: [{ start: 'asc' }, { end: 'asc' }, { check: 'asc' }] })
  return { suggestions: rows.map(toDto), missing }
}

/**
 * Lock a suggestion for a decision, after its article (the order every writer takes; share: the
 * body and the article's status stay put until the decision commits). 409 unless it is open.
 */
async function lockSuggestion(tx: Prisma.TransactionClient, id: string, withBody: boolean) {
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
  if (row.status !== 'open') throw new AppError('conflict', `This suggestion was already ${row.status}.`, { status: row.status })
  return { row, article }
}

/**
 * Accept a suggestion: it becomes an open error annotation on its words (authored by whoever
 * accepts it, with the check named in its note), which then goes through review like any fix.
 * 409 if it was decided already or the article changed under it. One transaction.
 */
export async function acceptSuggestion({ id, input, actor }: { id: string; input: AcceptSuggestionInput; actor: Actor }): Promise<AnnotationDto> {
  assertCan(actor, 'annotations.write')
  return db().$transaction(async (tx) => {
    const { row, article } = await lockSuggestion(tx, id, true)
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
        category: kind === 'error' ? (row.category as Prisma.AnnotationCreateInput['category']) : null,
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
    return dto
  })
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

/**
 * Quote checks: every quoted passage of the article and every quote annotation, looked up in the
 * article's transcripts (or its other sources). Offsets are code points (of the article, and of
 * the source for `source`).
 */
export async function listQuoteChecks({ articleId, actor }: { articleId: string; actor: Actor }): Promise<QuoteCheckDto[]> {
  assertCan(actor, 'articles.read')
  assertId(articleId, 'article')
  const article = await db().article.findUnique({ where: { id: articleId }, select: { body: true, deletedAt: true } })
  if (!article || article.deletedAt) throw new AppError('not_found', `No article with the id ${articleId}.`)
  const texts: SourceText[] = await sourceTexts(db(), articleId)
  const quotes = await db().annotation.findMany({ where: { articleId, kind: 'quote', deletedAt: null, orphaned: false }, select: { id: true, start: true, end: true } })
  const map = new OffsetMap(article.body)
  const spans = new Map<string, { start: number; end: number; annotationId: string | null }>()
  for (const q of findQuotes(article.body)) spans.set(`${q.start}:${q.end}`, { ...q, annotationId: null })
  for (const a of quotes) {
    const start = map.toUtf16(a.start)
    const end = map.toUtf16(a.end)
    // A quote annotation usually holds the quotation marks or sits just inside them: one entry.
    const inner = [...spans.values()].find((s) => Math.abs(s.start - start) <= 1 && Math.abs(s.end - end) <= 1)
    if (inner) inner.annotationId = a.id
    else spans.set(`${start}:${end}`, { start, end, annotationId: a.id })
  }
  const list = [...spans.values()].sort((a, b) => a.start - b.start)
  const maps = new Map(texts.map((t) => [t.id, new OffsetMap(t.body)]))
  return checkQuotes(article.body, list, texts).map((q, i) => {
    const sm = q.sourceId ? maps.get(q.sourceId)! : null
    return {
      ...q,
      start: map.toCodePoint(q.start),
      end: map.toCodePoint(q.end),
      source: q.source && sm ? { ...q.source, start: sm.toCodePoint(q.source.start), end: sm.toCodePoint(q.source.end) } : null,
      annotationId: list[i].annotationId,
    }
  })
}

import 'server-only'
import crypto from 'node:crypto'
import { AppError } from '@/lib/errors'
import { OffsetMap } from '@/lib/text/offsets'
import type { Incoming, Placement, Prepared, Skipped } from '@/lib/import/web-annotations'
import { offload, OverBudget } from '@/lib/server/offload'
import { db } from './client'
import { lockArticleText } from './articles'
import { assertCan, assertId, type Actor } from './authorize'
import { spanSplitsCharacter } from './annotations'

export type ImportResult = { imported: number; exact: number; fuzzy: number; orphaned: number; skipped: Skipped[] }

const UUID_IRI = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i

/** How long reading and placing one request's annotations may take before the request is refused (nothing imported). */
export const PLACEMENT_BUDGET_MS = 10_000

/**
 * POST /api/articles/:id/annotations/import: the request's JSON text is parsed, read (a W3C
 * collection, a list of Web Annotations or Hypothesis rows), held to the field rules of POST
 * /annotations (422 naming the field) and placed on the article's current text — all on the
 * offload pool, never the request thread, within PLACEMENT_BUDGET_MS (413 saying how far it got,
 * nothing imported) — then written — annotations, first anchors, one small `annotation.import`
 * audit event (counts, not copies: the annotations are rows of their own) — in one transaction,
 * under a share lock of the article, only if it is still the revision they were placed on (placed
 * again once if not, then 409). One already imported into this article (same id or IRI), or one
 * of this article's own annotations exported and sent back, is skipped, never duplicated.
 * Imported fixes are open: a reviewer decides on them as on any other.
 */
export async function importAnnotations({ articleId, json, actor, origin }: { articleId: string; json: string; actor: Actor; origin?: string }): Promise<ImportResult> {
  assertCan(actor, 'annotations.write')
  assertId(articleId, 'article')
  // First the request alone, against the text's length: a refused one never reads the article's text.
  const [size] = await db().$queryRaw<Array<{ length: number }>>`SELECT length(body) AS length FROM "Article" WHERE id = ${articleId}::uuid AND "deletedAt" IS NULL`
  if (!size) throw new AppError('not_found', `No article with the id ${articleId}.`)
  const checked = await offload('prepareImport', { json, text: { length: size.length }, origin }, { budgetMs: PLACEMENT_BUDGET_MS * 2, key: actor.id }).catch((err) => {
    if (err instanceof OverBudget) throw new AppError('payload_too_large', `Reading these annotations would take longer than ${(PLACEMENT_BUDGET_MS * 2) / 1000} s; nothing was imported. Send them in smaller batches.`)
    throw err
  })
  if (!checked.ok) throw new AppError(checked.error.code, checked.error.message, checked.error.details)
  for (let attempt = 0; attempt < 2; attempt++) {
    const article = await db().article.findUnique({ where: { id: articleId }, select: { body: true, revision: true, deletedAt: true } })
    if (!article || article.deletedAt) throw new AppError('not_found', `No article with the id ${articleId}.`)
    const tooLong = (placed: number, total: number | null) =>
      new AppError(
        'payload_too_large',
        `Placing these annotations would take longer than ${PLACEMENT_BUDGET_MS / 1000} s (${total === null ? 'stopped while reading them' : `${placed.toLocaleString('en')} of ${total.toLocaleString('en')} placed by then`}, on an article of ${article.body.length.toLocaleString('en')} characters); nothing was imported. Send them in smaller batches.`,
        { placed, total },
      )
    let prepared
    try {
      prepared = await offload('prepareImport', { json, text: article.body, origin }, { softMs: PLACEMENT_BUDGET_MS, budgetMs: PLACEMENT_BUDGET_MS * 2, key: actor.id })
    } catch (err) {
      if (err instanceof OverBudget) throw tooLong(0, null)
      throw err
    }
    if (!prepared.ok) throw new AppError(prepared.error.code, prepared.error.message, prepared.error.details)
    if (!prepared.complete) throw tooLong(prepared.placements.length, prepared.incoming.length)
    const map = new OffsetMap(article.body)
    const result = await writeImport({ articleId, revision: article.revision, body: article.body, map, prepared, actor })
    if (result) return result
  }
  throw new AppError('conflict', 'The article kept changing while the annotations were placed on it; try again.')
}

/** The import's transaction: null when the article has a new revision since placing (place again). */
async function writeImport({
  articleId,
  revision,
  body,
  map,
  prepared,
  actor,
}: {
  articleId: string
  revision: number
  body: string
  map: OffsetMap
  prepared: { incoming: Prepared[]; placements: Placement[]; skipped: Skipped[] }
  actor: Actor
}): Promise<ImportResult | null> {
  return db().$transaction(
    async (tx) => {
      const article = await lockArticleText(tx, articleId, 'share')
      if (article.revision !== revision || article.body !== body) return null
      const skipped = [...prepared.skipped]
      // Seen before: imported into this article already, or this article's own annotation.
      const ids = prepared.incoming.map((a) => a.externalId).filter((x): x is string => Boolean(x))
      const ownIds = ids.map((x) => UUID_IRI.exec(x)?.[1]).filter((x): x is string => Boolean(x))
      const seen = new Set(
        (await tx.annotation.findMany({ where: { articleId, OR: [{ importedFrom: { in: ids } }, { id: { in: ownIds } }] }, select: { id: true, importedFrom: true } })).flatMap((r) => [r.importedFrom, `urn:uuid:${r.id}`]),
      )
      const rows: Array<Record<string, unknown> & { kind: Incoming['kind'] }> = []
      const counts = { exact: 0, fuzzy: 0, orphaned: 0 }
      const inRequest = new Set<string>()
      prepared.incoming.forEach((a, i) => {
        if (a.externalId && (seen.has(a.externalId) || seen.has(a.externalId.toLowerCase()))) {
          skipped.push({ index: a.index, reason: 'already on this article (the same id was imported before)' })
          return
        }
        if (a.externalId && inRequest.has(a.externalId)) {
          skipped.push({ index: a.index, reason: 'the same id appears earlier in this request' })
          return
        }
        if (a.externalId) inRequest.add(a.externalId)
        let place = prepared.placements[i]
        if (place.how !== 'orphaned' && spanSplitsCharacter(map, place.start, place.end)) place = { ...place, how: 'orphaned', start: 0, end: 0 }
        if (place.how !== 'orphaned' && a.kind === 'error' && a.correction === place.exact) {
          skipped.push({ index: a.index, reason: 'its correction is what the article already says there' })
          return
        }
        counts[place.how] += 1
        rows.push({
          id: crypto.randomUUID(),
          kind: a.kind,
          start: place.start,
          end: place.end,
          exact: place.exact,
          prefix: place.prefix,
          suffix: place.suffix,
          correction: a.correction,
          category: a.category,
          verdict: a.verdict,
          speaker: a.speaker,
          verified: a.verified,
          note: a.note,
          sources: a.sources,
          orphaned: place.how === 'orphaned',
          method: place.how === 'fuzzy' ? 'fuzzy' : 'created',
          importedFrom: a.externalId,
        })
      })
      if (rows.length) {
        // One statement for the lot: the annotations, their first anchors and one audit event for
        // the import (who, when, how many, how each was placed; the annotations are rows of their
        // own, by the actor and at the time of the event, status open). One event, not one per
        // annotation: open pages get one live event and refetch once, and the audit trail costs
        // the same few hundred bytes for 10,000 annotations as for one.
        await tx.$executeRaw`
          WITH src AS (SELECT ${JSON.stringify(rows)}::jsonb AS j), input AS (
            SELECT t.* FROM src, jsonb_to_recordset(src.j) AS t(
              id uuid, kind text, start int, "end" int, exact text, prefix text, suffix text, correction text, category text, verdict text,
              speaker text, verified boolean, note text, sources jsonb, orphaned boolean, method text, "importedFrom" text)
          ), ins AS (
            INSERT INTO "Annotation" (id, "articleId", kind, start, "end", exact, prefix, suffix, correction, category, verdict, speaker, verified, sources, note, orphaned,
                                      "createdById", "contributorIds", "importedFrom", "updatedAt")
            SELECT i.id, ${articleId}::uuid, i.kind::"AnnotationKind", i.start, i."end", i.exact, i.prefix, i.suffix, i.correction, i.category::"ErrorCategory", i.verdict::"Verdict",
                   i.speaker, i.verified, ARRAY(SELECT jsonb_array_elements_text(i.sources)), i.note, i.orphaned, ${actor.id}::uuid, ARRAY[${actor.id}::uuid], i."importedFrom", now()
            FROM input i
            RETURNING id, orphaned, start, "end", exact, prefix, suffix
          ), anchor AS (
            INSERT INTO "AnnotationAnchor" ("annotationId", revision, method, start, "end", exact, prefix, suffix)
            SELECT ins.id, ${article.revision}, i.method, ins.start, ins."end", ins.exact, ins.prefix, ins.suffix FROM ins JOIN input i ON i.id = ins.id WHERE NOT ins.orphaned
          )
          INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", after)
          SELECT ${actor.id}::uuid, 'annotation.import', 'Article', ${articleId},
                 jsonb_build_object('imported', (SELECT count(*) FROM ins), 'exact', ${counts.exact}::int, 'fuzzy', ${counts.fuzzy}::int, 'orphaned', ${counts.orphaned}::int,
                                    'skipped', ${skipped.length}::int, 'kinds', ${JSON.stringify([...new Set(rows.map((r) => r.kind))])}::jsonb, 'revision', ${article.revision}::int)`
      }
      return { imported: rows.length, ...counts, skipped: skipped.sort((x, y) => x.index - y.index) }
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
}

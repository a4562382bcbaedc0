import 'server-only'
import crypto from 'node:crypto'
import { AppError } from '@/lib/errors'
import { OffsetMap } from '@/lib/text/offsets'
import { ImportFormatError, parseAnnotations, placeAnnotation, readAnnotations, type Skipped } from '@/lib/import/web-annotations'
import { db } from './client'
import { lockArticleText } from './articles'
import { assertCan, assertId, type Actor } from './authorize'
import { spanSplitsCharacter } from './annotations'

export type ImportResult = { imported: number; exact: number; fuzzy: number; orphaned: number; skipped: Skipped[] }

const UUID_IRI = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i

/**
 * POST /api/articles/:id/annotations/import: place every annotation of a W3C collection, a list
 * of Web Annotations or Hypothesis rows on the article's current text (lib/import), then write
 * them — annotations, first anchors, one `annotation.import` audit event — in one transaction, under a share lock of the
 * article so no revision slips in between placing and writing. One already imported into this
 * article (same id or IRI), or one of this article's own annotations exported and sent back, is
 * skipped, never duplicated. Imported fixes are open: a reviewer decides on them as on any other.
 */
export async function importAnnotations({ articleId, payload, actor, origin }: { articleId: string; payload: unknown; actor: Actor; origin?: string }): Promise<ImportResult> {
  assertCan(actor, 'annotations.write')
  assertId(articleId, 'article')
  return db().$transaction(
    async (tx) => {
      const article = await lockArticleText(tx, articleId, 'share')
      const map = new OffsetMap(article.body)
      let parsed
      try {
        // Galley's own links to an article's attached sources are not the annotation's sources.
        parsed = parseAnnotations(readAnnotations(payload), map.length, (iri) => Boolean(origin) && iri.startsWith(`${origin}/api/sources/`))
      } catch (err) {
        if (err instanceof ImportFormatError) throw new AppError('validation_failed', err.message)
        throw err
      }
      const skipped = [...parsed.skipped]
      // Seen before: imported into this article already, or this article's own annotation.
      const ids = parsed.incoming.map((a) => a.externalId).filter((x): x is string => Boolean(x))
      const ownIds = ids.map((x) => UUID_IRI.exec(x)?.[1]).filter((x): x is string => Boolean(x))
      const seen = new Set(
        (await tx.annotation.findMany({ where: { articleId, OR: [{ importedFrom: { in: ids } }, { id: { in: ownIds } }] }, select: { id: true, importedFrom: true } })).flatMap((r) => [r.importedFrom, `urn:uuid:${r.id}`]),
      )
      const rows = []
      const counts = { exact: 0, fuzzy: 0, orphaned: 0 }
      const inRequest = new Set<string>()
      for (const a of parsed.incoming) {
        if (a.externalId && (seen.has(a.externalId) || seen.has(a.externalId.toLowerCase()))) {
          skipped.push({ index: a.index, reason: 'already on this article (the same id was imported before)' })
          continue
        }
        if (a.externalId && inRequest.has(a.externalId)) {
          skipped.push({ index: a.index, reason: 'the same id appears earlier in this request' })
          continue
        }
        if (a.externalId) inRequest.add(a.externalId)
        let place = placeAnnotation(article.body, a, map)
        if (place.how !== 'orphaned' && spanSplitsCharacter(map, place.start, place.end)) place = { ...place, how: 'orphaned', start: 0, end: 0 }
        if (place.how !== 'orphaned' && a.kind === 'error' && a.correction === place.exact) {
          skipped.push({ index: a.index, reason: 'its correction is what the article already says there' })
          continue
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
      }
      if (rows.length) {
        // One statement for the lot: the annotations, their first anchors and one audit event for
        // the import, holding every annotation as it was created (the rows written, by the actor
        // and at the time of the event; status open). One event, not one per
        // annotation: open pages get one live event and refetch once, and the audit trail (and its
        // per-row triggers) costs the same for 2,000 annotations as for one.
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
            RETURNING *
          ), anchor AS (
            INSERT INTO "AnnotationAnchor" ("annotationId", revision, method, start, "end", exact, prefix, suffix)
            SELECT ins.id, ${article.revision}, i.method, ins.start, ins."end", ins.exact, ins.prefix, ins.suffix FROM ins JOIN input i ON i.id = ins.id WHERE NOT ins.orphaned
          )
          INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", after)
          SELECT ${actor.id}::uuid, 'annotation.import', 'Article', ${articleId},
                 jsonb_build_object('imported', (SELECT count(*) FROM ins), 'exact', ${counts.exact}::int, 'fuzzy', ${counts.fuzzy}::int, 'orphaned', ${counts.orphaned}::int,
                                    'skipped', ${skipped.length}::int, 'kinds', ${JSON.stringify([...new Set(rows.map((r) => r.kind))])}::jsonb, 'annotations', src.j)
          FROM src`
      }
      return { imported: rows.length, ...counts, skipped: skipped.sort((x, y) => x.index - y.index) }
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
}

import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { correctedArticle, type ExportAnnotation } from '@/lib/export/article-export'
import { readerNote } from '@/lib/corrections/note'
import { PUBLIC_CORRECTIONS_PAGE_SIZE, formatCursor, type PublicCursor, type PublicEntry } from '@/lib/export/public-corrections'
import { db } from './client'

type Tx = Prisma.TransactionClient

/**
 * What readers may see, and nothing more: the corrections written when fixes were published
 * (PublicCorrection: the note's sentences, the title then, when), of articles that are published
 * and not deleted now. No article body, unpublished or archived article, fix that is only
 * proposed, approved or rejected, internal note, comment or name of anyone on the desk is read
 * here at all: the page and its feed cost one indexed read of a page of small rows.
 */
export type PublicCorrectionsPage = { entries: PublicEntry[]; next: string | null }

export function publicCorrectionsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.GALLEY_PUBLIC_CORRECTIONS === '1'
}

/** One page, newest first, strictly below `before` in (publishedAt, id) order (keyset pagination). */
export async function listPublicCorrections({ before = null, limit = PUBLIC_CORRECTIONS_PAGE_SIZE }: { before?: PublicCursor | null; limit?: number } = {}): Promise<PublicCorrectionsPage> {
  const rows = await db().$queryRaw<Array<{ id: bigint; articleId: string; revision: number; backfilled: boolean; title: string; sourceUrl: string | null; publishedAt: Date; note: string[]; standardsNote: string | null }>>`
    SELECT c.id, c."articleId", c.revision, c.backfilled, c.title, a."sourceUrl", c."publishedAt", c.note, c."standardsNote"
    FROM "PublicCorrection" c JOIN "Article" a ON a.id = c."articleId"
    WHERE a.status = 'published' AND a."deletedAt" IS NULL
      ${before ? Prisma.sql`AND (c."publishedAt", c.id) < (${before.publishedAt}::timestamptz, ${before.id}::bigint)` : Prisma.empty}
    ORDER BY c."publishedAt" DESC, c.id DESC
    LIMIT ${limit + 1}`
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    entries: page.map((r) => ({ articleId: r.articleId, revision: r.revision, backfilled: r.backfilled, title: r.title, sourceUrl: r.sourceUrl, correctedAt: r.publishedAt.toISOString(), note: readerNote(r.note, [r.standardsNote]) })),
    next: rows.length > limit && last ? formatCursor({ publishedAt: last.publishedAt, id: last.id }) : null,
  }
}

/**
 * What the page's validators are made of: a counter the database moves in the same transaction as
 * anything the page may show (migration 20261202150000), when it last moved, and the database's
 * clock (the same clock, so "how long ago" does not depend on this server's).
 */
export async function publicCorrectionsState(): Promise<{ version: string; changedAt: Date; now: Date }> {
  const rows = await db().$queryRaw<Array<{ version: bigint; changedAt: Date; now: Date }>>`
    SELECT version, "changedAt", clock_timestamp() AS now FROM "PublicCorrectionsState" WHERE id = 1`
  const row = rows[0]
  if (!row) throw new Error('PublicCorrectionsState has no row: run the migrations (20261202150000_public_corrections).')
  return { version: String(row.version), changedAt: row.changedAt, now: row.now }
}

/**
 * Write one publication's correction, in the publishing transaction (the caller holds the
 * article's lock): `fresh`, the sentences its fixes owe readers less any already published for
 * this article (explainNote with saidSentences works them out, as the publish dialog previewed),
 * and a standards editor's own words. Nothing is written when both are empty (spelling, grammar
 * and "other" fixes stay silent).
 */
export async function writePublicCorrection(tx: Tx, { articleId, revision, note: fresh, standardsNote = '' }: { articleId: string; revision: number; note: string[]; standardsNote?: string }): Promise<void> {
  const own = standardsNote.trim()
  // A standards editor's own words are an entry even when the fixes' sentences say nothing new.
  if (fresh.length === 0 && !own) return
  // now(): the publication's time, as its revision and audit event record it.
  await tx.$executeRaw`
    INSERT INTO "PublicCorrection" ("articleId", revision, title, note, "standardsNote", "publishedAt")
    SELECT id, ${revision}, title, ${fresh}::text[], ${own || null}, now() FROM "Article" WHERE id = ${articleId}::uuid`
}

/** The sentences readers were told already about an article (its earlier publications' notes). */
export async function saidSentences(tx: Tx, articleId: string): Promise<string[]> {
  const said = await tx.$queryRaw<Array<{ s: string }>>`SELECT DISTINCT unnest(note) AS s FROM "PublicCorrection" WHERE "articleId" = ${articleId}::uuid`
  return said.map((r) => r.s)
}

/** The standards editors' own words of an article's publications, oldest first (for the exports' note). */
export async function standardsNotesOf(tx: Tx, articleId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ s: string }>>`
    SELECT "standardsNote" AS s FROM "PublicCorrection" WHERE "articleId" = ${articleId}::uuid AND "standardsNote" IS NOT NULL ORDER BY revision, id`
  return rows.map((r) => r.s)
}

/**
 * The correction an article's earlier publications owe readers, written once on upgrade from what
 * the page showed before entries were stored: the note of all its published fixes read from its
 * current text, its current title, and the time its fixes last changed (what the page said). The
 * caller holds the article's lock.
 */
async function writeBackfilledCorrection(tx: Tx, articleId: string): Promise<void> {
  const article = await tx.article.findUnique({
    where: { id: articleId },
    select: {
      id: true,
      title: true,
      body: true,
      sourceUrl: true,
      revision: true,
      annotations: {
        where: { kind: 'error', status: 'applied', deletedAt: null },
        // Only what the note is made of: the words replaced, the correction, the category, where.
        select: { id: true, kind: true, start: true, end: true, exact: true, originalExact: true, correction: true, category: true, status: true, orphaned: true, updatedAt: true },
      },
    },
  })
  if (!article || article.annotations.length === 0) return
  const annotations: ExportAnnotation[] = article.annotations.map((x) => ({ ...x, category: x.category as string | null }))
  const { note } = correctedArticle({ article: { id: article.id, title: article.title, body: article.body, sourceUrl: article.sourceUrl }, annotations, reviews: [] })
  if (note.length === 0) return
  const last = await tx.articleRevision.findFirst({ where: { articleId, reason: 'approved fixes published' }, orderBy: { number: 'desc' }, select: { number: true } })
  const publishedAt = new Date(Math.max(...article.annotations.map((x) => x.updatedAt.getTime())))
  await tx.$executeRaw`
    INSERT INTO "PublicCorrection" ("articleId", revision, title, note, "publishedAt", backfilled)
    VALUES (${articleId}::uuid, ${last?.number ?? article.revision}, ${article.title}, ${note}::text[], ${publishedAt}::timestamptz, true)
    ON CONFLICT ("articleId", revision) DO NOTHING`
}

/**
 * Before a publication on an article whose earlier fixes were published before entries were
 * stored: write that earlier entry first, from the state before this publication. One statement
 * when there is nothing to do. The caller holds the article's lock.
 */
export async function backfillPublicCorrection(tx: Tx, articleId: string): Promise<void> {
  const pending = await tx.$executeRaw`DELETE FROM "PublicCorrectionBackfill" WHERE "articleId" = ${articleId}::uuid`
  if (pending > 0) await writeBackfilledCorrection(tx, articleId)
}

/**
 * On start (instrumentation.ts): write the entries of articles whose fixes were published before
 * the PublicCorrection table existed, one article per transaction under the article's lock (as a
 * publication takes it: lock the article, then the pending row, so the two never deadlock). Several
 * instances may run it at once; each article is written once. An article that fails is logged and
 * left for the next start. Returns how many articles were done.
 */
export async function backfillPublicCorrections(log: (line: string) => void = console.error): Promise<number> {
  const failed: string[] = []
  let done = 0
  for (;;) {
    const next = await db().$queryRaw<Array<{ articleId: string }>>`
      SELECT "articleId" FROM "PublicCorrectionBackfill" WHERE NOT ("articleId" = ANY(${failed}::uuid[])) LIMIT 1`
    if (next.length === 0) return done
    const { articleId } = next[0]
    try {
      await db().$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT 1 FROM "Article" WHERE id = ${articleId}::uuid FOR UPDATE`
          await backfillPublicCorrection(tx, articleId)
        },
        { timeout: 60_000 },
      )
      done++
    } catch (err) {
      failed.push(articleId)
      log(`Public corrections: the published fixes of article ${articleId} could not be written as an entry (${(err as Error).message}); trying again on the next start.`)
    }
  }
}

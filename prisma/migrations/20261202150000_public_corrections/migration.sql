-- The public corrections page and feed (issue 21, item 4) read entries written when fixes are
-- published, a page at a time, instead of every published article's body on every visit.

-- One entry per publication that owes readers a correction: the note's sentences for that
-- publication's fixes, the title the article had then, when, and the revision it made. Written in
-- the publishing transaction (lib/db/revisions.ts publishFixes) and never changed after.
CREATE TABLE "PublicCorrection" (
    "id" BIGSERIAL NOT NULL,
    "articleId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "note" TEXT[] NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "backfilled" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "PublicCorrection_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "PublicCorrection" ADD CONSTRAINT "PublicCorrection_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE UNIQUE INDEX "PublicCorrection_articleId_revision_key" ON "PublicCorrection"("articleId", "revision");
-- The page's order and its keyset pagination: (publishedAt, id) < the cursor, newest first.
CREATE INDEX "PublicCorrection_publishedAt_id_idx" ON "PublicCorrection"("publishedAt" DESC, "id" DESC);

-- What the page's validators (ETag, Last-Modified) are made of: one row, bumped in the same
-- transaction as any change to what the page may show, so a conditional request costs one read
-- by primary key. A single counter (not max(id), count(*)) because an article shown or hidden
-- changes the page without changing the entries, and because ids are taken before commit: a
-- lower id committed after a higher one would not move max(id).
CREATE TABLE "PublicCorrectionsState" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PublicCorrectionsState_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PublicCorrectionsState_one_row" CHECK ("id" = 1)
);
INSERT INTO "PublicCorrectionsState" ("id") VALUES (1);

-- Bumped by the statement that changes what the page may show, so the version and the change
-- commit together. Writers take their article's lock first and this row after it, and take no
-- article lock after it (the live log's commit-time lock, migration 20261202060000, comes later
-- still), so they never deadlock; the statements that bump come last in their transactions, so the
-- row is held briefly. changedAt never goes back (GREATEST: a clock stepped back does not undo it).
CREATE FUNCTION galley_public_corrections_bump() RETURNS void AS $$
  UPDATE "PublicCorrectionsState" SET "version" = "version" + 1, "changedAt" = GREATEST(clock_timestamp(), "changedAt") WHERE "id" = 1;
$$ LANGUAGE sql;

-- An entry written, changed or removed: the page changes if its article is shown (an entry of an
-- article still being checked shows only once the article is published, which bumps then).
CREATE FUNCTION galley_public_corrections_shown(article uuid) RETURNS boolean AS $$
  SELECT EXISTS (SELECT 1 FROM "Article" WHERE "id" = article AND "status" = 'published' AND "deletedAt" IS NULL);
$$ LANGUAGE sql STABLE;

CREATE FUNCTION galley_public_corrections_changed() RETURNS trigger AS $$
BEGIN
  PERFORM galley_public_corrections_bump();
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION galley_public_corrections_entries_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF galley_public_corrections_shown(NEW."articleId") THEN PERFORM galley_public_corrections_bump(); END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF galley_public_corrections_shown(OLD."articleId") THEN PERFORM galley_public_corrections_bump(); END IF;
  ELSIF galley_public_corrections_shown(NEW."articleId") OR galley_public_corrections_shown(OLD."articleId") THEN
    PERFORM galley_public_corrections_bump();
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "PublicCorrection_changed" AFTER INSERT OR UPDATE OR DELETE ON "PublicCorrection"
  FOR EACH ROW EXECUTE FUNCTION galley_public_corrections_entries_changed();
CREATE TRIGGER "PublicCorrection_truncated" AFTER TRUNCATE ON "PublicCorrection"
  FOR EACH STATEMENT EXECUTE FUNCTION galley_public_corrections_changed();

-- An article with entries shown or hidden (published <-> not, deleted <-> restored), or its link
-- changed while shown. Other changes to an article (revisions, its title) do not touch the page:
-- each entry keeps the title it was published under.
CREATE FUNCTION galley_public_corrections_article_changed() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "PublicCorrection" WHERE "articleId" = NEW."id") THEN
    PERFORM galley_public_corrections_bump();
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Article_public_corrections" AFTER UPDATE OF "status", "deletedAt", "sourceUrl" ON "Article"
  FOR EACH ROW
  WHEN ((OLD."status" = 'published' AND OLD."deletedAt" IS NULL) IS DISTINCT FROM (NEW."status" = 'published' AND NEW."deletedAt" IS NULL)
     OR (NEW."status" = 'published' AND NEW."deletedAt" IS NULL AND OLD."sourceUrl" IS DISTINCT FROM NEW."sourceUrl"))
  EXECUTE FUNCTION galley_public_corrections_article_changed();
-- An article shown erased for good (the desk only soft-deletes; the database may still be told to):
-- its entries go with it, after it, when it no longer counts as shown.
CREATE TRIGGER "Article_public_corrections_erased" AFTER DELETE ON "Article"
  FOR EACH ROW WHEN (OLD."status" = 'published' AND OLD."deletedAt" IS NULL)
  EXECUTE FUNCTION galley_public_corrections_changed();

-- Fixes published before this migration: their note is phrased by TypeScript (names are read from
-- the corrected text around each fix, lib/corrections/note.ts), which SQL cannot do faithfully.
-- The articles are listed here; every app instance writes their entries on start
-- (backfillPublicCorrections, from instrumentation.ts), and a publication on one of them first
-- writes its earlier entry itself, so the page reads as before the upgrade. Deleted and unpublished
-- articles are listed too: their entries show if they are restored or published again.
CREATE TABLE "PublicCorrectionBackfill" (
    "articleId" UUID NOT NULL,
    CONSTRAINT "PublicCorrectionBackfill_pkey" PRIMARY KEY ("articleId")
);
INSERT INTO "PublicCorrectionBackfill" ("articleId")
  SELECT DISTINCT "articleId" FROM "Annotation" WHERE "kind" = 'error' AND "status" = 'applied' AND "deletedAt" IS NULL;

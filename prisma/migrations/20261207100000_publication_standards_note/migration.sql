-- Issue 22, what readers are told must be true.
--
-- 1. A standards editor's own words for readers, given when fixes are published: kept with the
--    publication's public correction and shown after the note's sentences wherever the note is
--    (the public page and feed, the exports, the webhooks). One line, at most 1,000 characters.
ALTER TABLE "PublicCorrection" ADD COLUMN "standardsNote" TEXT;

-- 2. A published fix's replaced words ("Pain", kept in "originalExact" when it is published) are
--    searched too: its "exact" is then the corrected words, and a search for what was wrong found
--    nothing. The generated column is written again with them (the words were in the article's
--    text, so the near-words table has them already).
DROP INDEX IF EXISTS "Annotation_search_idx";
ALTER TABLE "Annotation" DROP COLUMN "search";
ALTER TABLE "Annotation" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  galley_annotation_tsv(exact || coalesce(' ' || "originalExact", ''), correction, speaker, note, verdict, sources) || galley_annotation_facets(kind, status, verdict, category)
) STORED;
CREATE INDEX "Annotation_search_idx" ON "Annotation" USING GIN ("search");

-- Search and claim matching (issue 14), all in PostgreSQL: no search server to run, the same with
-- several app instances and on a managed PostgreSQL (pg_trgm is a trusted extension there).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- What each row says, as a weighted tsvector kept by the database itself, whichever code path
-- writes the words. Weights: A the words that name the thing (title; the annotated words, the
-- correction, the speaker), B notes, C the article body and verdicts, D sources and the source
-- URL. Stored, so ranking a match never re-parses its text: articles by a BEFORE trigger on their
-- words only (a status change must not re-parse a long body), annotations and comments as
-- generated columns. The body is indexed up to its first 500,000 characters (a tsvector holds at
-- most 1 MB).
ALTER TABLE "Article" ADD COLUMN "search" tsvector;

CREATE FUNCTION galley_article_tsv(title text, source_url text, body text) RETURNS tsvector AS $$
  SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, left(coalesce(body, ''), 500000)), 'C')
      || setweight(to_tsvector('english'::regconfig, coalesce(source_url, '')), 'D')
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

-- IMMUTABLE: the verdict's label and the sources' joining never change for the same values.
CREATE FUNCTION galley_annotation_tsv(exact text, correction text, speaker text, note text, verdict "Verdict", sources text[]) RETURNS tsvector AS $$
  SELECT setweight(to_tsvector('english'::regconfig, coalesce(exact, '') || ' ' || coalesce(correction, '') || ' ' || coalesce(speaker, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(note, '')), 'B')
      || setweight(to_tsvector('english'::regconfig, replace(coalesce(verdict::text, ''), '_', ' ')), 'C')
      || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(sources, ' '), '')), 'D')
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION galley_article_search() RETURNS trigger AS $$
BEGIN
  NEW."search" := galley_article_tsv(NEW.title, NEW."sourceUrl", NEW.body);
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Article_search" BEFORE INSERT OR UPDATE OF title, body, "sourceUrl" ON "Article"
  FOR EACH ROW EXECUTE FUNCTION galley_article_search();

UPDATE "Article" SET "search" = galley_article_tsv(title, "sourceUrl", body);

-- An annotation's kind, status, verdict and category as lexemes of their own (galleykindclaim,
-- galleyverdictfalse …), never produced by the parser from text (no spaces, no digits, and no
-- word of the desk is so long and so spelt): a filtered search is one GIN lookup, not a scan of
-- every annotation with a common word.
CREATE FUNCTION galley_annotation_facets(kind "AnnotationKind", status "AnnotationStatus", verdict "Verdict", category "ErrorCategory") RETURNS tsvector AS $$
  SELECT array_to_tsvector(array_remove(ARRAY['galleykind' || kind::text, 'galleystatus' || status::text,
    'galleyverdict' || replace(verdict::text, '_', ''), 'galleycategory' || category::text], NULL))
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

ALTER TABLE "Annotation" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (galley_annotation_tsv(exact, correction, speaker, note, verdict, sources) || galley_annotation_facets(kind, status, verdict, category)) STORED;
ALTER TABLE "Comment" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, body)) STORED;

CREATE INDEX "Article_search_idx" ON "Article" USING GIN ("search");
CREATE INDEX "Annotation_search_idx" ON "Annotation" USING GIN ("search");
CREATE INDEX "Comment_search_idx" ON "Comment" USING GIN ("search");
-- The newest matches of a common word are found by walking these backwards (see lib/db/search.ts).
CREATE INDEX "Annotation_createdAt_idx" ON "Annotation"("createdAt");
CREATE INDEX "Comment_createdAt_idx" ON "Comment"("createdAt");

-- Every word the desk has written, for near matches ("Pang" finds "Pain"): the words of a query
-- that are not on the desk are looked up here by trigram distance, and the close ones searched too.
-- Filled by statement-level triggers (one INSERT per statement, whatever the number of rows), in
-- word order, so two writers adding the same new words wait for each other instead of deadlocking.
CREATE TABLE "SearchWord" (
    "word" TEXT NOT NULL,
    CONSTRAINT "SearchWord_pkey" PRIMARY KEY ("word")
);
CREATE INDEX "SearchWord_word_trgm_idx" ON "SearchWord" USING GIST ("word" gist_trgm_ops);

CREATE FUNCTION galley_words(t text) RETURNS SETOF text AS $$
  SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, left(coalesce(t, ''), 500000)))) AS w
  WHERE length(w) BETWEEN 3 AND 40 AND w !~ '[0-9]'
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION galley_article_words() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "SearchWord" (word)
      SELECT DISTINCT w FROM new_rows n, LATERAL galley_words(n.title || ' ' || n.body) AS w ORDER BY w
      ON CONFLICT DO NOTHING;
  ELSE
    -- Only rows whose words changed (a status change or a revision number is not new words).
    INSERT INTO "SearchWord" (word)
      SELECT DISTINCT w FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL galley_words(n.title || ' ' || n.body) AS w
      WHERE n.title IS DISTINCT FROM o.title OR n.body IS DISTINCT FROM o.body ORDER BY w
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Article_words_insert" AFTER INSERT ON "Article" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION galley_article_words();
CREATE TRIGGER "Article_words_update" AFTER UPDATE ON "Article" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION galley_article_words();

CREATE FUNCTION galley_annotation_words() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "SearchWord" (word)
      SELECT DISTINCT w FROM new_rows n, LATERAL galley_words(coalesce(n.correction, '') || ' ' || coalesce(n.speaker, '') || ' ' || n.note) AS w ORDER BY w
      ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO "SearchWord" (word)
      SELECT DISTINCT w FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL galley_words(coalesce(n.correction, '') || ' ' || coalesce(n.speaker, '') || ' ' || n.note) AS w
      WHERE n.correction IS DISTINCT FROM o.correction OR n.speaker IS DISTINCT FROM o.speaker OR n.note IS DISTINCT FROM o.note ORDER BY w
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Annotation_words_insert" AFTER INSERT ON "Annotation" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION galley_annotation_words();
CREATE TRIGGER "Annotation_words_update" AFTER UPDATE ON "Annotation" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION galley_annotation_words();

CREATE FUNCTION galley_comment_words() RETURNS trigger AS $$
BEGIN
  INSERT INTO "SearchWord" (word)
    SELECT DISTINCT w FROM new_rows n, LATERAL galley_words(n.body) AS w ORDER BY w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Comment_words_insert" AFTER INSERT ON "Comment" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION galley_comment_words();

INSERT INTO "SearchWord" (word)
  SELECT w FROM "Article" a, LATERAL galley_words(a.title || ' ' || a.body) AS w
  UNION SELECT w FROM "Annotation" n, LATERAL galley_words(coalesce(n.correction, '') || ' ' || coalesce(n.speaker, '') || ' ' || n.note) AS w
  UNION SELECT w FROM "Comment" c, LATERAL galley_words(c.body) AS w
  ON CONFLICT DO NOTHING;

-- Claim matching: a claim may reuse the verdict and sources of one checked before (ClaimReview
-- isBasedOn). If that one is deleted, the link goes; the verdict copied stays.
ALTER TABLE "Annotation" ADD COLUMN "basedOnId" UUID;
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_basedOnId_fkey" FOREIGN KEY ("basedOnId") REFERENCES "Annotation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Annotation_basedOnId_idx" ON "Annotation"("basedOnId");

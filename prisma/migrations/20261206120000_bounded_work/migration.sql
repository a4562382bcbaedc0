-- No request can stop the desk (issue 21).
--
-- 1. Audit rows stay small. Every event keeps ids and bounded summaries: a text longer than 2,000
--    characters anywhere in `before`/`after` (a quote of a whole article, a long note) is kept as its
--    first 2,000 characters and its length. The texts themselves live in their own rows (the
--    annotation, the revision). Done by the database on every insert, whichever code path writes.
CREATE FUNCTION galley_audit_bound(j jsonb) RETURNS jsonb AS $$
DECLARE
  out jsonb;
  s text;
BEGIN
  CASE jsonb_typeof(j)
    WHEN 'string' THEN
      s := j #>> '{}';
      IF length(s) > 2000 THEN
        RETURN to_jsonb(left(s, 2000) || '… [' || length(s) || ' characters in all]');
      END IF;
      RETURN j;
    WHEN 'object' THEN
      SELECT COALESCE(jsonb_object_agg(key, galley_audit_bound(value)), '{}'::jsonb) INTO out FROM jsonb_each(j);
      RETURN out;
    WHEN 'array' THEN
      SELECT COALESCE(jsonb_agg(galley_audit_bound(value) ORDER BY n), '[]'::jsonb) INTO out FROM jsonb_array_elements(j) WITH ORDINALITY AS t(value, n);
      RETURN out;
    ELSE
      RETURN j;
  END CASE;
END
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE FUNCTION galley_audit_bound_row() RETURNS trigger AS $$
BEGIN
  -- Only a large value can hold a long text: small ones (nearly all) cost one size check.
  IF NEW.before IS NOT NULL AND pg_column_size(NEW.before) > 2000 THEN NEW.before := galley_audit_bound(NEW.before); END IF;
  IF NEW.after IS NOT NULL AND pg_column_size(NEW.after) > 2000 THEN NEW.after := galley_audit_bound(NEW.after); END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEvent_bounded"
  BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION galley_audit_bound_row();

-- Events written before this version: an annotation import held a copy of every annotation it
-- created (up to 5 MB in one row, which the append-only rule then kept for ever). The annotations
-- are rows of their own; the copy goes, and long texts are bounded as above. The one change ever
-- made to past events, by this migration, with the append-only trigger off for its duration only.
ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only";
UPDATE "AuditEvent" SET after = after - 'annotations' WHERE action = 'annotation.import' AND after ? 'annotations';
UPDATE "AuditEvent" SET before = galley_audit_bound(before), after = galley_audit_bound(after)
  WHERE pg_column_size(before) > 2000 OR pg_column_size(after) > 2000;
ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only";

-- 2. Suggestion checks that cannot finish within their budget are recorded as such for the
--    revision and sources they ran on, so opening the article again does not run them again.
ALTER TABLE "SuggestionRun" ADD COLUMN "failure" TEXT;

-- 3. Quote checks, cached per revision, sources and quote annotations (as suggestions are); a
--    long article's checks are done over several requests, each bounded, and kept as they go.
CREATE TABLE "QuoteCheckRun" (
  "articleId"  UUID NOT NULL,
  "revision"   INTEGER NOT NULL,
  "sourcesKey" TEXT NOT NULL,
  "quotesKey"  TEXT NOT NULL,
  "checks"     JSONB NOT NULL DEFAULT '[]',
  "complete"   BOOLEAN NOT NULL DEFAULT false,
  "failure"    TEXT,
  "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "QuoteCheckRun_pkey" PRIMARY KEY ("articleId")
);
ALTER TABLE "QuoteCheckRun" ADD CONSTRAINT "QuoteCheckRun_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

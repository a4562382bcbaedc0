-- Integrity: a correction reaches readers only if a reviewer approved exactly those words;
-- sessions that really end; an atomic sign-in throttle; revision reasons from a vocabulary;
-- soft-deleted articles.

-- Fixes remember what was approved, whether their words changed since, and who wrote them.
ALTER TABLE "Annotation"
  ADD COLUMN "approvedExact" TEXT,
  ADD COLUMN "approvedCorrection" TEXT,
  ADD COLUMN "textChangedFrom" TEXT,
  ADD COLUMN "textChangedRevision" INTEGER,
  ADD COLUMN "textChangedWasApproved" BOOLEAN,
  ADD COLUMN "contributorIds" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[];

-- Contributors: the author, and for fixes whoever changed the correction or span or re-attached it
-- (read from the audit trail, which has recorded every such change).
UPDATE "Annotation" a SET "contributorIds" = ARRAY(
  SELECT DISTINCT u FROM unnest(ARRAY[a."createdById"] || ARRAY(
    SELECT e."actorId" FROM "AuditEvent" e
    WHERE a.kind = 'error' AND e."entityType" = 'Annotation' AND e."entityId" = a.id::text AND e."actorId" IS NOT NULL
      AND (e.action = 'annotation.reattach'
           OR (e.action = 'annotation.update' AND (e.before->>'correction' IS DISTINCT FROM e.after->>'correction'
                                                   OR e.before->>'start' IS DISTINCT FROM e.after->>'start'
                                                   OR e.before->>'end' IS DISTINCT FROM e.after->>'end')))
  )) AS u);

-- Fixes approved before this migration: keep the approval only where it provably covers the words
-- the fix stands on now. Otherwise it goes back to review, as if its text had changed:
--  * its words or their context differ from the anchor it had when it was approved, or any later
--    placement was not an exact carry (fuzzy, stretched, re-attached);
--  * its reviewer had written its correction or span (four-eyes);
--  * its correction or span was edited in the minute before the approval (an edit racing the
--    review: nobody can say which words the reviewer saw).
CREATE TEMP TABLE legacy_approval AS
SELECT a.id, a.exact, a.correction, a."articleId", ap.exact AS approved_words,
  (ap.id IS NOT NULL
   AND ap.exact = a.exact AND ap.prefix = a.prefix AND ap.suffix = a.suffix
   AND NOT EXISTS (SELECT 1 FROM "AnnotationAnchor" later WHERE later."annotationId" = a.id AND later.id > ap.id
                   AND (later.method NOT IN ('exact', 'moved') OR later.exact <> ap.exact OR later.prefix <> ap.prefix OR later.suffix <> ap.suffix))
   AND NOT (r."reviewerId" = ANY(a."contributorIds"))
   AND NOT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."entityType" = 'Annotation' AND e."entityId" = a.id::text AND e.action = 'annotation.update'
                   AND e.at > r.at - interval '1 minute'
                   AND (e.before->>'correction' IS DISTINCT FROM e.after->>'correction' OR e.before->>'start' IS DISTINCT FROM e.after->>'start'))
  ) AS proven
FROM "Annotation" a
JOIN LATERAL (SELECT "reviewerId", at FROM "Review" WHERE "annotationId" = a.id AND decision = 'approve' ORDER BY at DESC LIMIT 1) r ON true
LEFT JOIN LATERAL (SELECT id, exact, prefix, suffix FROM "AnnotationAnchor" WHERE "annotationId" = a.id AND at <= r.at ORDER BY id DESC LIMIT 1) ap ON true
WHERE a.kind = 'error' AND a.status = 'approved' AND a."deletedAt" IS NULL;

UPDATE "Annotation" a SET "approvedExact" = l.exact, "approvedCorrection" = COALESCE(l.correction, '')
FROM legacy_approval l WHERE l.id = a.id AND l.proven;

INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", before, after)
SELECT NULL, 'fix.text_changed', 'Annotation', l.id::text,
  jsonb_build_object('exact', COALESCE(l.approved_words, l.exact), 'status', 'approved'),
  jsonb_build_object('exact', l.exact, 'status', 'open', 'why', 'the upgrade could not prove the approval covered these words')
FROM legacy_approval l WHERE NOT l.proven;

UPDATE "Annotation" a SET status = 'open', "textChangedFrom" = COALESCE(l.approved_words, l.exact), "textChangedWasApproved" = true,
  "textChangedRevision" = (SELECT revision FROM "Article" WHERE id = l."articleId"), version = a.version + 1
FROM legacy_approval l WHERE l.id = a.id AND NOT l.proven;
-- A fix approved but deleted keeps nothing to prove; an approved fix with no approving review
-- (data written by hand) goes back to review too.
UPDATE "Annotation" a SET status = 'open', "textChangedFrom" = a.exact, "textChangedWasApproved" = true, version = a.version + 1
WHERE a.kind = 'error' AND a.status = 'approved' AND a."approvedExact" IS NULL AND a."deletedAt" IS NULL;
DROP TABLE legacy_approval;

-- Articles can be deleted by an admin (hidden everywhere, restorable).
ALTER TABLE "Article" ADD COLUMN "deletedAt" TIMESTAMPTZ(3), ADD COLUMN "deletedById" UUID;
ALTER TABLE "Article" ADD CONSTRAINT "Article_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Revision reasons come from a fixed vocabulary; anything else an editor typed becomes the note.
ALTER TABLE "ArticleRevision" ADD COLUMN "note" TEXT NOT NULL DEFAULT '';
UPDATE "ArticleRevision"
  SET note = left(regexp_replace(reason, '[[:cntrl:]]+', ' ', 'g'), 500), reason = 'edited'
  WHERE reason NOT IN ('imported', 'edited', 'wire update re-imported', 'previous text restored', 'approved fixes published');

-- Browser sessions, so that signing out (or a password change) ends them at once.
CREATE TABLE "UserSession" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "epoch" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "UserSession_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "User" ADD COLUMN "sessionEpoch" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "UserSession_userId_idx" ON "UserSession"("userId");
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Throttle counters. Failed sign-ins are no longer one audit row each (they are aggregated), so
-- the index that counted them from the audit trail goes.
DROP INDEX IF EXISTS "AuditEvent_sign_in_failed_email_idx";
CREATE TABLE "AuthThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "inflight" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextAt" TIMESTAMPTZ(3),
    "lastTakeAt" TIMESTAMPTZ(3),
    CONSTRAINT "AuthThrottle_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "AuthThrottle_windowStart_idx" ON "AuthThrottle"("windowStart");

-- Count-and-decide in one statement. For each key: within its window, attempts pass while failures
-- plus attempts still being checked stay under p_limits[i]; once the failures reach it, with
-- p_slow_ms[i] > 0 one attempt per p_slow_ms[i] still passes (the slow path that lets the right
-- person in), otherwise none until the window ends. An attempt passes only if every key lets it,
-- and only then is it counted (as in flight) on every key; the row locks serialise concurrent
-- attempts, so a burst of parallel guesses gets exactly the allowance. `busy` says the refusal is
-- only because other attempts are still being checked: the caller may wait and ask again.
CREATE FUNCTION galley_throttle_take(p_keys TEXT[], p_limits INTEGER[], p_window_ms INTEGER[], p_slow_ms INTEGER[])
RETURNS TABLE (allowed BOOLEAN, busy BOOLEAN, retry_after_ms INTEGER) AS $$
#variable_conflict use_column
DECLARE
  i INTEGER;
  r "AuthThrottle"%ROWTYPE;
  t TIMESTAMPTZ := clock_timestamp();
  wait_until TIMESTAMPTZ := NULL;
  is_busy BOOLEAN := false;
  slow BOOLEAN[] := array_fill(false, ARRAY[array_length(p_keys, 1)]);
BEGIN
  -- Housekeeping: windows are minutes long, so a row a day old is dead. A bounded batch, now and then.
  IF random() < 0.01 THEN
    DELETE FROM "AuthThrottle" WHERE key IN (
      SELECT key FROM "AuthThrottle" WHERE "windowStart" < t - interval '1 day' AND ("nextAt" IS NULL OR "nextAt" < t) LIMIT 1000);
  END IF;
  -- Rows are locked in key order, so two attempts on the same keys never deadlock.
  FOR i IN SELECT k.n FROM unnest(p_keys) WITH ORDINALITY AS k(key, n) ORDER BY k.key LOOP
    INSERT INTO "AuthThrottle" AS a (key, "windowStart") VALUES (p_keys[i], t)
      ON CONFLICT (key) DO UPDATE SET key = a.key
      RETURNING a.* INTO r;
    IF r."windowStart" <= t - make_interval(secs => p_window_ms[i] / 1000.0) THEN
      -- A new window forgets failures; attempts still being checked keep their places.
      UPDATE "AuthThrottle" SET failures = 0, "windowStart" = t, "nextAt" = NULL WHERE key = p_keys[i];
      r.failures := 0;
      r."windowStart" := t;
      r."nextAt" := NULL;
    END IF;
    -- An attempt is checked in well under a minute: places still held long after the last one was
    -- let through belong to attempts that died (a crashed process), and are given back.
    IF r.inflight > 0 AND (r."lastTakeAt" IS NULL OR r."lastTakeAt" < t - interval '1 minute') THEN
      UPDATE "AuthThrottle" SET inflight = 0 WHERE key = p_keys[i];
      r.inflight := 0;
    END IF;
    IF r.failures >= p_limits[i] THEN
      IF p_slow_ms[i] > 0 AND (r."nextAt" IS NULL OR r."nextAt" <= t) THEN
        slow[i] := true;
      ELSIF p_slow_ms[i] > 0 THEN
        wait_until := GREATEST(wait_until, r."nextAt");
      ELSE
        wait_until := GREATEST(wait_until, r."windowStart" + make_interval(secs => p_window_ms[i] / 1000.0));
      END IF;
    ELSIF r.failures + r.inflight >= p_limits[i] THEN
      is_busy := true;
    END IF;
  END LOOP;
  IF wait_until IS NOT NULL THEN
    RETURN QUERY SELECT false, false, GREATEST(1, ceil(extract(epoch FROM wait_until - t) * 1000))::INTEGER;
    RETURN;
  END IF;
  IF is_busy THEN
    RETURN QUERY SELECT false, true, 0;
    RETURN;
  END IF;
  FOR i IN 1..array_length(p_keys, 1) LOOP
    UPDATE "AuthThrottle"
      SET inflight = inflight + 1, "lastTakeAt" = t,
          "nextAt" = CASE WHEN slow[i] THEN t + make_interval(secs => p_slow_ms[i] / 1000.0) ELSE "nextAt" END
      WHERE key = p_keys[i];
  END LOOP;
  RETURN QUERY SELECT true, false, 0;
END
$$ LANGUAGE plpgsql;

-- Settle an attempt galley_throttle_take let through: a failure is counted on every key; a
-- success forgets the keys in p_forget (the person proved who they are from there) and only
-- frees its place on the others. Returns the failures of each key afterwards, in p_keys order.
CREATE FUNCTION galley_throttle_settle(p_keys TEXT[], p_failed BOOLEAN, p_forget BOOLEAN[])
RETURNS INTEGER[] AS $$
DECLARE
  i INTEGER;
  out INTEGER[] := array_fill(0, ARRAY[array_length(p_keys, 1)]);
  n INTEGER;
BEGIN
  FOR i IN SELECT k.n FROM unnest(p_keys) WITH ORDINALITY AS k(key, n) ORDER BY k.key LOOP
    IF NOT p_failed AND p_forget[i] THEN
      DELETE FROM "AuthThrottle" WHERE key = p_keys[i];
    ELSE
      UPDATE "AuthThrottle"
        SET inflight = GREATEST(inflight - 1, 0), failures = failures + CASE WHEN p_failed THEN 1 ELSE 0 END
        WHERE key = p_keys[i]
        RETURNING failures INTO n;
      out[i] := COALESCE(n, 0);
    END IF;
  END LOOP;
  RETURN out;
END
$$ LANGUAGE plpgsql;

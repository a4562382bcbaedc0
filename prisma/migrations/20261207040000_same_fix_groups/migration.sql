-- Issue 22: fixes of every occurrence of a word, reviewed together; the same fix saved twice.

-- Fixes made together ("fix every occurrence") share a group: the review queue shows them side by
-- side and a reviewer may decide on the group (each fix still its own decision and review row).
ALTER TABLE "Annotation" ADD COLUMN "groupId" UUID;
CREATE INDEX "Annotation_groupId_idx" ON "Annotation"("groupId") WHERE "groupId" IS NOT NULL;

-- The same fix (same article, same words at the same place, same correction) that is still live
-- (open or approved, placed, not deleted): its id, or NULL. Every writer that could make a second
-- one (a new fix, an accepted suggestion, "fix every occurrence", an edit of the correction or the
-- span, a re-attach) calls this inside its transaction, before writing. It first takes a
-- transaction-scoped advisory lock on the place, so two saves at the same moment (two tabs) are
-- serialised: the second waits until the first commits, then finds it. VOLATILE, so in READ
-- COMMITTED its query takes a fresh snapshot after the lock is granted, even when it is called
-- from inside one larger statement (the single-statement create of lib/db/annotations.ts).
-- Not a unique index: re-anchoring after a revision and imports may legitimately bring two fixes
-- onto the same words, and must not fail for it. `p_except` leaves out the fix being edited.
CREATE FUNCTION galley_same_fix(p_article uuid, p_start int, p_end int, p_exact text, p_correction text, p_except uuid DEFAULT NULL) RETURNS uuid AS $$
DECLARE
  v_id uuid;
BEGIN
  IF p_article IS NULL OR p_correction IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('galley-same-fix:' || p_article::text || ':' || p_start || ':' || p_end, 0));
  SELECT id INTO v_id FROM "Annotation"
  WHERE "articleId" = p_article AND kind = 'error' AND start = p_start AND "end" = p_end AND exact = p_exact
    AND COALESCE(correction, '') = p_correction AND "deletedAt" IS NULL AND NOT orphaned
    AND status IN ('open', 'approved') AND (p_except IS NULL OR id <> p_except)
  ORDER BY "createdAt", id LIMIT 1;
  RETURN v_id;
END
$$ LANGUAGE plpgsql VOLATILE;

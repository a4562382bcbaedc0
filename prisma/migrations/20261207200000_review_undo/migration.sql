-- Issue 22, item 6: a reviewer's single-key decision (A approves, R rejects in the review queue)
-- can be taken back for a short while, by that reviewer, while nothing has built on it.
--
-- 1. The fix's version the decision produced: the undo is a compare-and-set on it, so a decision
--    is taken back only while the fix is exactly as the decision left it. Null for decisions made
--    before this migration (they are older than the undo window anyway).
ALTER TABLE "Review" ADD COLUMN "version" INTEGER;

-- 2. A decision taken back is a webhook event too: subscribers of "annotation.reviewed" were told
--    of the decision, and are told it was undone (payload review.decision = "undone").
CREATE OR REPLACE FUNCTION galley_webhook_enqueue() RETURNS trigger AS $$
DECLARE
  v_event text;
BEGIN
  IF NEW.action = 'article.publish' THEN
    v_event := 'article.corrected';
  ELSIF NEW.action = 'article.update' AND NEW.after::jsonb->>'status' = 'published' THEN
    v_event := 'article.published';
  ELSIF NEW.action IN ('fix.approve', 'fix.reject', 'fix.review_undo') THEN
    v_event := 'annotation.reviewed';
  ELSE
    RETURN NULL;
  END IF;
  INSERT INTO "WebhookDelivery" ("webhookId", "event", "auditId", "articleId", "entityId")
    SELECT w.id, v_event, NEW.id, galley_event_article(NEW."entityType", NEW."entityId", NEW.before::jsonb, NEW.after::jsonb), NEW."entityId"
    FROM "Webhook" w WHERE w."deletedAt" IS NULL AND v_event = ANY (w.events);
  IF FOUND THEN
    PERFORM pg_notify('galley_webhooks', '');
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

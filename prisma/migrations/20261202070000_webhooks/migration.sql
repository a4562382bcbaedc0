-- Webhooks to the CMS (issue 13): deliveries written in the same transaction as the change.
CREATE TABLE "Webhook" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "url" TEXT NOT NULL,
    -- The HMAC key the receiver checks X-Galley-Signature with (kept to sign; shown once).
    "secret" TEXT NOT NULL,
    "events" TEXT[] NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "Webhook_events_idx" ON "Webhook" USING GIN ("events");

CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

CREATE TABLE "WebhookDelivery" (
    -- Sent as X-Galley-Delivery on every attempt: the receiver's idempotency key.
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "webhookId" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "auditId" BIGINT NOT NULL,
    "articleId" UUID,
    "entityId" TEXT,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    -- Built at the first attempt and sent unchanged on every retry.
    "body" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- An instance sending it holds it until then (a crash mid-send frees it for another).
    "lockedUntil" TIMESTAMPTZ(3),
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "WebhookDelivery_due_idx" ON "WebhookDelivery"("nextAttemptAt") WHERE "status" = 'pending';
CREATE INDEX "WebhookDelivery_webhookId_createdAt_idx" ON "WebhookDelivery"("webhookId", "createdAt");

CREATE TABLE "WebhookAttempt" (
    "id" BIGSERIAL NOT NULL,
    "deliveryId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusCode" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,
    CONSTRAINT "WebhookAttempt_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "WebhookAttempt" ADD CONSTRAINT "WebhookAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "WebhookDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "WebhookAttempt_deliveryId_idx" ON "WebhookAttempt"("deliveryId", "at");

-- Which audit actions are which webhook events. A delivery row per subscribed webhook is written
-- by this trigger inside the transaction of the change itself: it exists exactly when the change
-- committed, whichever code path made it.
CREATE FUNCTION galley_webhook_enqueue() RETURNS trigger AS $$
DECLARE
  v_event text;
BEGIN
  IF NEW.action = 'article.publish' THEN
    v_event := 'article.corrected';
  ELSIF NEW.action = 'article.update' AND NEW.after::jsonb->>'status' = 'published' THEN
    v_event := 'article.published';
  ELSIF NEW.action IN ('fix.approve', 'fix.reject') THEN
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

CREATE TRIGGER "AuditEvent_webhooks"
  AFTER INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION galley_webhook_enqueue();

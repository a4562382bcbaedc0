-- Webhook attempts are shown as categories ("refused", "timed out", "HTTP 500" …), never as the
-- raw socket errors stored until now ("fetch failed: connect ECONNREFUSED 10.0.0.7:5432"), which
-- turned the delivery list into a scanner of the server's networks (issue 21). The stored ones are
-- rewritten the way lib/webhooks/outcome.ts `shownError` maps them at read time.
CREATE FUNCTION pg_temp.galley_attempt_category(e text) RETURNS text AS $$
  SELECT CASE
    WHEN e IS NULL THEN NULL
    WHEN e IN ('blocked address', 'redirect not followed', 'refused', 'timed out', 'connection reset', 'unreachable', 'DNS failure', 'TLS error', 'connection failed', 'not sent') THEN e
    WHEN e ~ '^HTTP 3[0-9][0-9]$' THEN 'redirect not followed'
    WHEN e ~ '^HTTP [0-9]{3}$' THEN e
    WHEN e ~* '(No answer within|timed? ?out|ETIMEDOUT|aborted)' THEN 'timed out'
    WHEN e ~ 'ECONNREFUSED' THEN 'refused'
    WHEN e ~ '(ENOTFOUND|EAI_AGAIN|EAI_FAIL|ENODATA|ESERVFAIL|EREFUSED)' THEN 'DNS failure'
    WHEN e ~* '(ECONNRESET|EPIPE|socket hang up)' THEN 'connection reset'
    WHEN e ~ '(EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN)' THEN 'unreachable'
    WHEN e ~* '(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED|EPROTO|\mSSL\M|\mTLS\M|certificate)' THEN 'TLS error'
    ELSE 'connection failed'
  END
$$ LANGUAGE sql IMMUTABLE;

UPDATE "WebhookAttempt" SET error = pg_temp.galley_attempt_category(error)
  WHERE error IS DISTINCT FROM pg_temp.galley_attempt_category(error);
UPDATE "WebhookDelivery" SET "lastError" = pg_temp.galley_attempt_category("lastError")
  WHERE "lastError" IS DISTINCT FROM pg_temp.galley_attempt_category("lastError") AND "lastError" <> 'The webhook was deleted.';

-- Bodies are now written in the transaction of their event, found by the event's audit id.
CREATE INDEX "WebhookDelivery_auditId_idx" ON "WebhookDelivery"("auditId");

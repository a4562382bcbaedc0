-- The live desk (issue 12).
--
-- LiveEvent is the ordered log behind every live stream: one row per audit event that someone
-- watching a page may need, numbered in COMMIT order. The number is given by a deferred trigger
-- at commit time, under a transaction-scoped advisory lock held until the transaction ends, so a
-- higher number is never visible before a lower one: a stream that has seen event N has seen or
-- will never see anything below N, and `Last-Event-ID: N` replays exactly `seq > N`.
-- The write that caused it, its audit event and its LiveEvent commit (or not) together; the
-- NOTIFY that wakes every app instance is sent by the same trigger, so it is delivered exactly when
-- the transaction commits. It carries only the number: listeners read the log.
CREATE SEQUENCE "LiveEvent_seq" AS bigint;

CREATE TABLE "LiveEvent" (
    "seq" BIGINT NOT NULL,
    "auditId" BIGINT NOT NULL,
    "articleId" UUID,
    CONSTRAINT "LiveEvent_pkey" PRIMARY KEY ("seq")
);
CREATE UNIQUE INDEX "LiveEvent_auditId_key" ON "LiveEvent"("auditId");
CREATE INDEX "LiveEvent_articleId_seq_idx" ON "LiveEvent"("articleId", "seq");
-- No foreign key to AuditEvent: rows are only ever written by the trigger below for the event
-- being inserted, and the audit trail is append-only (a foreign key would also make TRUNCATE of
-- the audit trail fail on the reference before its append-only trigger could refuse it).

-- The article an audit event belongs to, from its entity (or the entity's recorded state).
CREATE FUNCTION galley_event_article(etype text, eid text, before jsonb, after jsonb) RETURNS uuid AS $$
DECLARE
  v_id uuid;
  v_article uuid;
  v_json text;
BEGIN
  IF eid IS NULL OR eid !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    RETURN NULL;
  END IF;
  v_id := eid::uuid;
  IF etype = 'Article' THEN
    RETURN v_id;
  ELSIF etype = 'Annotation' THEN
    SELECT a."articleId" INTO v_article FROM "Annotation" a WHERE a.id = v_id;
  ELSIF etype = 'ArticleSource' THEN
    SELECT s."articleId" INTO v_article FROM "ArticleSource" s WHERE s.id = v_id;
  ELSIF etype = 'Suggestion' THEN
    SELECT s."articleId" INTO v_article FROM "Suggestion" s WHERE s.id = v_id;
  ELSE
    RETURN NULL;
  END IF;
  IF v_article IS NULL THEN
    v_json := COALESCE(after->>'articleId', before->>'articleId');
    IF v_json ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
      v_article := v_json::uuid;
    END IF;
  END IF;
  RETURN v_article;
END
$$ LANGUAGE plpgsql STABLE;

CREATE FUNCTION galley_live_event() RETURNS trigger AS $$
DECLARE
  v_article uuid;
  v_seq bigint;
BEGIN
  -- Sign-in bookkeeping and token use are for the audit trail, not for anyone's open page.
  IF NEW.action LIKE 'auth.%' OR NEW.action IN ('token.use', 'user.password_wrong') THEN
    RETURN NULL;
  END IF;
  v_article := galley_event_article(NEW."entityType", NEW."entityId", NEW.before::jsonb, NEW.after::jsonb);
  -- Events of no article matter only when they change who may watch (users, tokens).
  IF v_article IS NULL AND NEW."entityType" NOT IN ('User', 'ApiToken') THEN
    RETURN NULL;
  END IF;
  -- 0x67616c6c6579 = 'galley': one lock for the whole log, held until this transaction ends.
  PERFORM pg_advisory_xact_lock(113723912545657);
  v_seq := nextval('"LiveEvent_seq"');
  INSERT INTO "LiveEvent" ("seq", "auditId", "articleId") VALUES (v_seq, NEW.id, v_article);
  PERFORM pg_notify('galley_live', v_seq::text);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER "AuditEvent_live"
  AFTER INSERT ON "AuditEvent"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION galley_live_event();

-- Who has an article open: one row per open event stream, on whichever app instance serves it.
-- Each instance refreshes its rows' lastSeen every few seconds; rows of a crashed instance stop
-- being refreshed and stop counting, and are swept by the next instance that looks.
CREATE TABLE "Presence" (
    "connectionId" UUID NOT NULL,
    "instanceId" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "articleId" UUID NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeen" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Presence_pkey" PRIMARY KEY ("connectionId")
);
CREATE INDEX "Presence_articleId_lastSeen_idx" ON "Presence"("articleId", "lastSeen");
CREATE INDEX "Presence_instanceId_idx" ON "Presence"("instanceId");
ALTER TABLE "Presence" ADD CONSTRAINT "Presence_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Presence" ADD CONSTRAINT "Presence_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The near-match lexicon (SearchWord) without deadlocks (issue 14, review).
--
-- Each statement added its words in word order, so two statements never deadlocked each other;
-- but two transactions of several statements could (T1 adds "b" then "a", T2 "a" then "b": each
-- waits on the other's uncommitted row). Now one function adds words for every trigger: words the
-- lexicon has already cost nothing (no row is touched, nothing waits — the common case once a desk
-- has its vocabulary); a transaction that has new words first takes one transaction-scoped
-- advisory lock, so writers of new words take turns and never hold each other's rows.
CREATE FUNCTION galley_add_words(candidates text[]) RETURNS void AS $$
DECLARE
  fresh text[];
BEGIN
  SELECT array_agg(w ORDER BY w) INTO fresh
  FROM (SELECT DISTINCT w FROM unnest(candidates) AS w) c
  WHERE NOT EXISTS (SELECT 1 FROM "SearchWord" s WHERE s.word = c.w);
  IF fresh IS NULL THEN
    RETURN;
  END IF;
  -- 0x67616c6c657977 = 'galleyw': the lexicon's writers, one at a time, until this transaction ends.
  PERFORM pg_advisory_xact_lock(29099040904149367);
  INSERT INTO "SearchWord" (word) SELECT unnest(fresh) ON CONFLICT DO NOTHING;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION galley_article_words() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM galley_add_words(ARRAY(SELECT galley_words(n.title || ' ' || n.body) FROM new_rows n));
  ELSE
    -- Only rows whose words changed (a status change or a revision number is not new words).
    PERFORM galley_add_words(ARRAY(SELECT galley_words(n.title || ' ' || n.body) FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.title IS DISTINCT FROM o.title OR n.body IS DISTINCT FROM o.body));
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION galley_annotation_words() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM galley_add_words(ARRAY(SELECT galley_words(coalesce(n.correction, '') || ' ' || coalesce(n.speaker, '') || ' ' || n.note) FROM new_rows n));
  ELSE
    PERFORM galley_add_words(ARRAY(SELECT galley_words(coalesce(n.correction, '') || ' ' || coalesce(n.speaker, '') || ' ' || n.note) FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.correction IS DISTINCT FROM o.correction OR n.speaker IS DISTINCT FROM o.speaker OR n.note IS DISTINCT FROM o.note));
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION galley_comment_words() RETURNS trigger AS $$
BEGIN
  PERFORM galley_add_words(ARRAY(SELECT galley_words(n.body) FROM new_rows n));
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- Issue 22: a suggestion's decision can be undone (or a dismissal restored). `reopenedAt` marks a
-- suggestion that was decided once and is open again: its decision and undo stay in the article's
-- history, and it is kept (not deleted) when a later computation no longer finds it.
ALTER TABLE "Suggestion" ADD COLUMN "reopenedAt" TIMESTAMPTZ(3);

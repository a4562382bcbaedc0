-- Articles in other languages (issue 15): a BCP 47 tag, detected on import or chosen.
ALTER TABLE "Article" ADD COLUMN "language" TEXT NOT NULL DEFAULT 'en';

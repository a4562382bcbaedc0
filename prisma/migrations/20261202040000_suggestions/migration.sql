-- Sources an article is checked against, and the suggestions the checks make (issue 11).
CREATE TYPE "SourceKind" AS ENUM ('wire', 'transcript', 'release', 'other');
CREATE TYPE "SuggestionStatus" AS ENUM ('open', 'accepted', 'dismissed');

CREATE TABLE "ArticleSource" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "articleId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "SourceKind" NOT NULL,
    "body" TEXT NOT NULL,
    "url" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMPTZ(3),
    CONSTRAINT "ArticleSource_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ArticleSource_articleId_createdAt_idx" ON "ArticleSource"("articleId", "createdAt");
ALTER TABLE "ArticleSource" ADD CONSTRAINT "ArticleSource_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ArticleSource" ADD CONSTRAINT "ArticleSource_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "Suggestion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "articleId" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "check" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "correction" TEXT,
    "alternatives" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "category" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "sourceId" UUID,
    "revision" INTEGER NOT NULL,
    "status" "SuggestionStatus" NOT NULL DEFAULT 'open',
    "current" BOOLEAN NOT NULL DEFAULT true,
    "annotationId" UUID,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Suggestion_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Suggestion_articleId_fingerprint_key" ON "Suggestion"("articleId", "fingerprint");
CREATE INDEX "Suggestion_articleId_status_start_idx" ON "Suggestion"("articleId", "status", "start");
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "SuggestionRun" (
    "articleId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "sourcesKey" TEXT NOT NULL,
    "missing" JSONB NOT NULL DEFAULT '[]',
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SuggestionRun_pkey" PRIMARY KEY ("articleId")
);
ALTER TABLE "SuggestionRun" ADD CONSTRAINT "SuggestionRun_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

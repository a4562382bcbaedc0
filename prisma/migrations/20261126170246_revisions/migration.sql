-- AlterEnum
ALTER TYPE "AnnotationStatus" ADD VALUE 'applied';

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "originalExact" TEXT;

-- CreateTable
CREATE TABLE "ArticleRevision" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "articleId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ArticleRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnotationAnchor" (
    "id" BIGSERIAL NOT NULL,
    "annotationId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "suffix" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnnotationAnchor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ArticleRevision_articleId_number_key" ON "ArticleRevision"("articleId", "number");

-- CreateIndex
CREATE INDEX "AnnotationAnchor_annotationId_revision_idx" ON "AnnotationAnchor"("annotationId", "revision");

-- AddForeignKey
ALTER TABLE "ArticleRevision" ADD CONSTRAINT "ArticleRevision_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleRevision" ADD CONSTRAINT "ArticleRevision_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationAnchor" ADD CONSTRAINT "AnnotationAnchor_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: every existing article gets its current body as a revision, and every annotation
-- its current selectors as an anchor at that revision.
INSERT INTO "ArticleRevision" ("articleId", "number", "body", "reason", "createdById", "createdAt")
SELECT "id", "revision", "body", 'imported', "createdById", "createdAt" FROM "Article";

INSERT INTO "AnnotationAnchor" ("annotationId", "revision", "method", "start", "end", "exact", "prefix", "suffix", "at")
SELECT a."id", ar."revision", 'created', a."start", a."end", a."exact", a."prefix", a."suffix", a."createdAt"
FROM "Annotation" a JOIN "Article" ar ON ar."id" = a."articleId";

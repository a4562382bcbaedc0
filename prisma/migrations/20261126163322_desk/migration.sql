-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "deletedAt" TIMESTAMPTZ(3),
ADD COLUMN     "verified" BOOLEAN;

-- CreateIndex
CREATE INDEX "Annotation_articleId_kind_status_idx" ON "Annotation"("articleId", "kind", "status");

-- Annotations imported from other tools (issue 13): the id or IRI they had there. Importing the
-- same annotation into the same article again finds it here and does not duplicate it.
ALTER TABLE "Annotation" ADD COLUMN "importedFrom" TEXT;
CREATE UNIQUE INDEX "Annotation_articleId_importedFrom_key" ON "Annotation"("articleId", "importedFrom");

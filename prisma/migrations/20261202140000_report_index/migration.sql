-- The desk report counts fixes and claims by kind and period: this covering index lets it read
-- them with an index-only scan (the few columns it counts, no wide row: texts, search vectors)
-- instead of the whole table. Partial and with INCLUDE, which schema.prisma cannot express.
CREATE INDEX "Annotation_report_idx" ON "Annotation" (kind, "createdAt") INCLUDE (id, "articleId", "createdById", category, verdict) WHERE "deletedAt" IS NULL;

-- Import from the web (issue 13): the story's byline as the page gives it.
ALTER TABLE "Article" ADD COLUMN "byline" TEXT;

DROP INDEX "chunks_text_trgm_idx";--> statement-breakpoint
CREATE INDEX "bm25_terms_term_trgm_idx" ON "bm25_terms" USING gin ("term" gin_trgm_ops);
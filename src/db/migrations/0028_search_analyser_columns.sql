ALTER TABLE "chunks" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('signalbox_english'::regconfig, text)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "chunks" drop column "doc_length";--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "doc_length" integer GENERATED ALWAYS AS (tsvector_word_count(to_tsvector('signalbox_english'::regconfig, text))) STORED NOT NULL;
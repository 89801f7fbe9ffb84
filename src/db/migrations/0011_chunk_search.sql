CREATE TABLE "chunk_search" (
	"chunk_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"search_vector" "tsvector" NOT NULL,
	"doc_length" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "chunks_search_vector_idx";--> statement-breakpoint
ALTER TABLE "chunk_search" ADD CONSTRAINT "chunk_search_chunk_id_chunks_id_fk" FOREIGN KEY ("chunk_id") REFERENCES "public"."chunks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- chunk_search follows chunks: one INSERT ... SELECT per statement that inserts chunks (chunk text is never
-- updated in place; deletes cascade through the foreign key). Written by hand after drizzle-kit's part.
CREATE FUNCTION "chunk_search_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO chunk_search (chunk_id, workspace_id, owner_kind, owner_id, search_vector, doc_length)
  SELECT id, workspace_id, owner_kind, owner_id, search_vector, doc_length FROM new_chunks;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "chunks_fill_chunk_search" AFTER INSERT ON "chunks" REFERENCING NEW TABLE AS new_chunks
  FOR EACH STATEMENT EXECUTE FUNCTION "chunk_search_insert"();--> statement-breakpoint
INSERT INTO "chunk_search" (chunk_id, workspace_id, owner_kind, owner_id, search_vector, doc_length)
  SELECT id, workspace_id, owner_kind, owner_id, search_vector, doc_length FROM "chunks";--> statement-breakpoint
CREATE INDEX "chunk_search_vector_idx" ON "chunk_search" USING gin ("search_vector");
CREATE TABLE "bm25_corpus" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"document_count" integer DEFAULT 0 NOT NULL,
	"total_length" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bm25_terms" (
	"workspace_id" uuid NOT NULL,
	"term" text NOT NULL,
	"document_frequency" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "bm25_terms_workspace_id_term_pk" PRIMARY KEY("workspace_id","term")
);
--> statement-breakpoint
CREATE TABLE "chunks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"chunk_index" integer NOT NULL,
	"text" text NOT NULL,
	"text_hash" text NOT NULL,
	"token_count" integer NOT NULL,
	"heading" text,
	"heading_path" text,
	"level" integer DEFAULT 0 NOT NULL,
	"char_start" integer NOT NULL,
	"char_end" integer NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED NOT NULL,
	"doc_length" integer GENERATED ALWAYS AS (length(to_tsvector('english'::regconfig, text))) STORED NOT NULL,
	"embedding" vector,
	"embedding_status" text DEFAULT 'pending' NOT NULL,
	"embedding_model" text,
	"embedding_attempts" integer DEFAULT 0 NOT NULL,
	"embedding_error" text,
	"last_embedded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chunks_owner_chunk_index" UNIQUE("owner_kind","owner_id","chunk_index")
);
--> statement-breakpoint
ALTER TABLE "bm25_corpus" ADD CONSTRAINT "bm25_corpus_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bm25_terms" ADD CONSTRAINT "bm25_terms_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chunks_workspace_status_idx" ON "chunks" USING btree ("workspace_id","embedding_status");--> statement-breakpoint
CREATE INDEX "chunks_workspace_hash_idx" ON "chunks" USING btree ("workspace_id","text_hash");--> statement-breakpoint
CREATE INDEX "chunks_owner_idx" ON "chunks" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "chunks_search_vector_idx" ON "chunks" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "chunks_text_trgm_idx" ON "chunks" USING gin ("text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "chunks_embedding_384_hnsw_idx" ON "chunks" USING hnsw (("embedding"::vector(384)) vector_cosine_ops) WHERE vector_dims("chunks"."embedding") = 384;
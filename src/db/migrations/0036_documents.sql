ALTER TYPE "public"."proposal_kind" ADD VALUE 'file_classification';--> statement-breakpoint
CREATE TABLE "file_deliverables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"project_code" text NOT NULL,
	"project_id" uuid,
	"deliverable_type" text NOT NULL,
	"status" text NOT NULL,
	"mentioned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"origin" text NOT NULL,
	"origin_name" text NOT NULL,
	"path" text NOT NULL,
	"name" text NOT NULL,
	"file_type" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" bigint NOT NULL,
	"content_sha256" text NOT NULL,
	"etag" text,
	"modified_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"content_markdown" text,
	"summary" text,
	"message_id" uuid,
	"project_id" uuid,
	"classification_confidence" real,
	"classification_reasoning" text,
	"classification_proposal_id" uuid,
	"extracted_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "file_deliverables" ADD CONSTRAINT "file_deliverables_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_deliverables" ADD CONSTRAINT "file_deliverables_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_deliverables" ADD CONSTRAINT "file_deliverables_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "file_deliverables_file_code_type_idx" ON "file_deliverables" USING btree ("file_id","project_code","deliverable_type");--> statement-breakpoint
CREATE INDEX "file_deliverables_workspace_code_idx" ON "file_deliverables" USING btree ("workspace_id","project_code");--> statement-breakpoint
CREATE UNIQUE INDEX "files_origin_path_idx" ON "files" USING btree ("workspace_id","origin","origin_name","path");--> statement-breakpoint
CREATE INDEX "files_workspace_updated_idx" ON "files" USING btree ("workspace_id","updated_at");--> statement-breakpoint
CREATE INDEX "files_workspace_project_idx" ON "files" USING btree ("workspace_id","project_id");--> statement-breakpoint
CREATE INDEX "files_proposal_idx" ON "files" USING btree ("classification_proposal_id") WHERE "files"."classification_proposal_id" IS NOT NULL;
CREATE TABLE "cw_contacts" (
	"workspace_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"id" text NOT NULL,
	"account_id" bigint NOT NULL,
	"contact_id" bigint NOT NULL,
	"name" text,
	"email" text,
	"phone_number" text,
	"identifier" text,
	"custom_attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cw_contacts_source_id_id_pk" PRIMARY KEY("source_id","id")
);
--> statement-breakpoint
CREATE TABLE "cw_conversations" (
	"workspace_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"id" text NOT NULL,
	"account_id" bigint NOT NULL,
	"conversation_id" bigint NOT NULL,
	"contact_global_id" text,
	"inbox_id" bigint,
	"status" text,
	"assignee_id" bigint,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cw_conversations_source_id_id_pk" PRIMARY KEY("source_id","id")
);
--> statement-breakpoint
CREATE TABLE "cw_messages" (
	"workspace_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"id" text NOT NULL,
	"account_id" bigint NOT NULL,
	"message_id" bigint NOT NULL,
	"conversation_id" bigint,
	"conversation_global_id" text,
	"contact_global_id" text,
	"sender_type" text,
	"sender_id" bigint,
	"private" boolean DEFAULT false NOT NULL,
	"message_type" text,
	"content" text,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	CONSTRAINT "cw_messages_source_id_id_pk" PRIMARY KEY("source_id","id")
);
--> statement-breakpoint
CREATE TABLE "github_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"project_id" uuid,
	"repository" text NOT NULL,
	"github_id" bigint NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"state" text DEFAULT 'open' NOT NULL,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assignee" text,
	"author" text,
	"url" text,
	"conversation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"github_created_at" timestamp with time zone,
	"github_updated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "github_issues_source_number" UNIQUE("source_id","number")
);
--> statement-breakpoint
CREATE TABLE "pull_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"project_id" uuid,
	"repository" text NOT NULL,
	"github_id" bigint NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"state" text DEFAULT 'open' NOT NULL,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assignee" text,
	"author" text,
	"url" text,
	"conversation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"github_created_at" timestamp with time zone,
	"github_updated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"branch_from" text NOT NULL,
	"branch_to" text NOT NULL,
	"is_draft" boolean DEFAULT false NOT NULL,
	"merged" boolean DEFAULT false NOT NULL,
	"merged_at" timestamp with time zone,
	"review_status" text,
	CONSTRAINT "pull_requests_source_number" UNIQUE("source_id","number")
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cw_contacts" ADD CONSTRAINT "cw_contacts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_contacts" ADD CONSTRAINT "cw_contacts_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_conversations" ADD CONSTRAINT "cw_conversations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_conversations" ADD CONSTRAINT "cw_conversations_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_messages" ADD CONSTRAINT "cw_messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_messages" ADD CONSTRAINT "cw_messages_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_issues" ADD CONSTRAINT "github_issues_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_issues" ADD CONSTRAINT "github_issues_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_issues" ADD CONSTRAINT "github_issues_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_issues" ADD CONSTRAINT "github_issues_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_requests" ADD CONSTRAINT "pull_requests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_requests" ADD CONSTRAINT "pull_requests_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_requests" ADD CONSTRAINT "pull_requests_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_requests" ADD CONSTRAINT "pull_requests_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cw_contacts_updated_idx" ON "cw_contacts" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "cw_messages_conversation_idx" ON "cw_messages" USING btree ("workspace_id","conversation_global_id");--> statement-breakpoint
CREATE INDEX "cw_messages_contact_idx" ON "cw_messages" USING btree ("workspace_id","contact_global_id");--> statement-breakpoint
CREATE INDEX "github_issues_workspace_state_idx" ON "github_issues" USING btree ("workspace_id","state");--> statement-breakpoint
CREATE INDEX "pull_requests_workspace_state_idx" ON "pull_requests" USING btree ("workspace_id","state");
CREATE TYPE "public"."analysis_run_status" AS ENUM('pending', 'running', 'completed', 'reviewed', 'closed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."analysis_trigger_type" AS ENUM('manual', 'scheduled', 'api');--> statement-breakpoint
CREATE TYPE "public"."llm_recommendation" AS ENUM('new_task', 'update_existing', 'merge', 'reject');--> statement-breakpoint
CREATE TYPE "public"."proposal_kind" AS ENUM('task', 'atom');--> statement-breakpoint
CREATE TYPE "public"."proposal_status" AS ENUM('pending', 'approved', 'rejected', 'merged');--> statement-breakpoint
CREATE TYPE "public"."similarity_type" AS ENUM('exact_messages', 'semantic', 'none');--> statement-breakpoint
CREATE TYPE "public"."task_category" AS ENUM('bug', 'feature', 'improvement', 'question', 'chore');--> statement-breakpoint
CREATE TYPE "public"."task_priority" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."task_status" AS ENUM('open', 'in_progress', 'testing', 'review', 'done', 'cancelled', 'failed');--> statement-breakpoint
CREATE TYPE "public"."project_status" AS ENUM('active', 'on_hold', 'completed', 'archived');--> statement-breakpoint
CREATE TYPE "public"."project_type" AS ENUM('work', 'personal', 'learning', 'other');--> statement-breakpoint
CREATE TYPE "public"."approval_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."atom_link_type" AS ENUM('continues', 'solves', 'contradicts', 'supports', 'refines', 'relates_to', 'depends_on');--> statement-breakpoint
CREATE TYPE "public"."atom_type" AS ENUM('problem', 'solution', 'decision', 'question', 'insight', 'pattern', 'requirement');--> statement-breakpoint
CREATE TABLE "analysis_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"status" "analysis_run_status" DEFAULT 'pending' NOT NULL,
	"trigger_type" "analysis_trigger_type" DEFAULT 'manual' NOT NULL,
	"triggered_by" text,
	"time_window_start" timestamp with time zone NOT NULL,
	"time_window_end" timestamp with time zone NOT NULL,
	"agent_id" uuid,
	"project_id" uuid,
	"config_snapshot" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"cancel_requested_at" timestamp with time zone,
	"proposals_total" integer DEFAULT 0 NOT NULL,
	"proposals_approved" integer DEFAULT 0 NOT NULL,
	"proposals_rejected" integer DEFAULT 0 NOT NULL,
	"proposals_merged" integer DEFAULT 0 NOT NULL,
	"proposals_pending" integer DEFAULT 0 NOT NULL,
	"total_messages_in_window" integer DEFAULT 0 NOT NULL,
	"messages_after_prefilter" integer DEFAULT 0 NOT NULL,
	"batches_created" integer DEFAULT 0 NOT NULL,
	"batches_done" integer DEFAULT 0 NOT NULL,
	"llm_tokens_used" integer DEFAULT 0 NOT NULL,
	"cost_estimate" real DEFAULT 0 NOT NULL,
	"error_log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"accuracy_metrics" jsonb
);
--> statement-breakpoint
CREATE TABLE "task_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"kind" "proposal_kind" DEFAULT 'task' NOT NULL,
	"atom_type" "atom_type",
	"title" text NOT NULL,
	"description" text NOT NULL,
	"priority" "task_priority" DEFAULT 'medium' NOT NULL,
	"category" "task_category" DEFAULT 'chore' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sub_tasks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"due_date" timestamp with time zone,
	"assignee_name" text,
	"source_message_ids" jsonb NOT NULL,
	"message_count" integer NOT NULL,
	"time_span_seconds" integer DEFAULT 0 NOT NULL,
	"confidence" real NOT NULL,
	"reasoning" text DEFAULT '' NOT NULL,
	"llm_recommendation" "llm_recommendation" DEFAULT 'new_task' NOT NULL,
	"similarity_type" "similarity_type" DEFAULT 'none' NOT NULL,
	"similarity_score" real,
	"similar_task_id" uuid,
	"proposed_project_id" uuid,
	"proposed_parent_id" uuid,
	"project_keywords_matched" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"project_classification_confidence" real DEFAULT 0 NOT NULL,
	"status" "proposal_status" DEFAULT 'pending' NOT NULL,
	"reviewed_by" text,
	"review_reason" text,
	"reviewed_at" timestamp with time zone,
	"edited_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"diff_summary" jsonb,
	"created_task_id" uuid,
	"created_atom_id" uuid,
	"batch_index" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"field" text NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_messages" (
	"workspace_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_messages_task_id_message_id_pk" PRIMARY KEY("task_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" "task_status" DEFAULT 'open' NOT NULL,
	"priority" "task_priority" DEFAULT 'medium' NOT NULL,
	"category" "task_category" DEFAULT 'chore' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"due_date" timestamp with time zone,
	"assignee_person_id" uuid,
	"assignee_user_id" uuid,
	"assignee_name" text,
	"project_id" uuid,
	"parent_task_id" uuid,
	"ai_generated" boolean DEFAULT false NOT NULL,
	"confidence" real,
	"definition_of_done" text,
	"created_by" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"glossary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"components" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_assignees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"priority_rules" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"pm_user_id" uuid,
	"pm_name" text,
	"version" text DEFAULT '1' NOT NULL,
	"status" "project_status" DEFAULT 'active' NOT NULL,
	"type" "project_type" DEFAULT 'work' NOT NULL,
	"start_date" date,
	"target_date" date,
	"github_repo" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_workspace_name" UNIQUE("workspace_id","name")
);
--> statement-breakpoint
CREATE TABLE "atom_links" (
	"workspace_id" uuid NOT NULL,
	"from_atom_id" uuid NOT NULL,
	"to_atom_id" uuid NOT NULL,
	"link_type" "atom_link_type" NOT NULL,
	"strength" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "atom_links_from_atom_id_to_atom_id_pk" PRIMARY KEY("from_atom_id","to_atom_id")
);
--> statement-breakpoint
CREATE TABLE "atom_messages" (
	"workspace_id" uuid NOT NULL,
	"atom_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	CONSTRAINT "atom_messages_atom_id_message_id_pk" PRIMARY KEY("atom_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "atom_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"atom_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"change_summary" text,
	"created_by" text,
	"approved" boolean DEFAULT false NOT NULL,
	"approval_status" "approval_status" DEFAULT 'pending' NOT NULL,
	"reviewed_by" text,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "atom_versions_atom_version" UNIQUE("atom_id","version")
);
--> statement-breakpoint
CREATE TABLE "atoms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"type" "atom_type" NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"confidence" real,
	"user_approved" boolean DEFAULT false NOT NULL,
	"approval_status" "approval_status" DEFAULT 'pending' NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"embedding" vector,
	"current_version" integer DEFAULT 0 NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(content, ''))) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD CONSTRAINT "analysis_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD CONSTRAINT "analysis_runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_run_id_analysis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_similar_task_id_tasks_id_fk" FOREIGN KEY ("similar_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_proposed_project_id_projects_id_fk" FOREIGN KEY ("proposed_project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_proposed_parent_id_tasks_id_fk" FOREIGN KEY ("proposed_parent_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_created_task_id_tasks_id_fk" FOREIGN KEY ("created_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_created_atom_id_atoms_id_fk" FOREIGN KEY ("created_atom_id") REFERENCES "public"."atoms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_history" ADD CONSTRAINT "task_history_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_history" ADD CONSTRAINT "task_history_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_messages" ADD CONSTRAINT "task_messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_messages" ADD CONSTRAINT "task_messages_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_messages" ADD CONSTRAINT "task_messages_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_person_id_people_id_fk" FOREIGN KEY ("assignee_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_task_id_tasks_id_fk" FOREIGN KEY ("parent_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atom_links" ADD CONSTRAINT "atom_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atom_links" ADD CONSTRAINT "atom_links_from_atom_id_atoms_id_fk" FOREIGN KEY ("from_atom_id") REFERENCES "public"."atoms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atom_links" ADD CONSTRAINT "atom_links_to_atom_id_atoms_id_fk" FOREIGN KEY ("to_atom_id") REFERENCES "public"."atoms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atom_messages" ADD CONSTRAINT "atom_messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atom_messages" ADD CONSTRAINT "atom_messages_atom_id_atoms_id_fk" FOREIGN KEY ("atom_id") REFERENCES "public"."atoms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atom_messages" ADD CONSTRAINT "atom_messages_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atom_versions" ADD CONSTRAINT "atom_versions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atom_versions" ADD CONSTRAINT "atom_versions_atom_id_atoms_id_fk" FOREIGN KEY ("atom_id") REFERENCES "public"."atoms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atoms" ADD CONSTRAINT "atoms_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analysis_runs_workspace_status_idx" ON "analysis_runs" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE INDEX "task_proposals_run_idx" ON "task_proposals" USING btree ("run_id","status");--> statement-breakpoint
CREATE INDEX "task_proposals_workspace_status_idx" ON "task_proposals" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE INDEX "task_history_task_idx" ON "task_history" USING btree ("task_id","at");--> statement-breakpoint
CREATE INDEX "task_messages_message_idx" ON "task_messages" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_status_idx" ON "tasks" USING btree ("workspace_id","status","priority");--> statement-breakpoint
CREATE INDEX "tasks_project_idx" ON "tasks" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "tasks_parent_idx" ON "tasks" USING btree ("parent_task_id");--> statement-breakpoint
CREATE INDEX "tasks_due_idx" ON "tasks" USING btree ("workspace_id","due_date");--> statement-breakpoint
CREATE INDEX "projects_workspace_idx" ON "projects" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "atom_links_to_idx" ON "atom_links" USING btree ("to_atom_id");--> statement-breakpoint
CREATE INDEX "atom_messages_message_idx" ON "atom_messages" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "atoms_workspace_type_idx" ON "atoms" USING btree ("workspace_id","type");--> statement-breakpoint
CREATE INDEX "atoms_title_idx" ON "atoms" USING btree ("title");--> statement-breakpoint
CREATE INDEX "atoms_search_idx" ON "atoms" USING gin ("search_vector");
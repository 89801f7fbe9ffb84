CREATE TABLE "analysis_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"interval_minutes" integer DEFAULT 1440 NOT NULL,
	"time_window" text DEFAULT '48h' NOT NULL,
	"project_id" uuid,
	"agent_id" uuid,
	"extract_atoms" boolean DEFAULT true NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_run_id" uuid,
	"next_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analysis_schedules_workspace_id_unique" UNIQUE("workspace_id"),
	CONSTRAINT "analysis_schedules_interval_min" CHECK ("analysis_schedules"."interval_minutes" >= 15)
);
--> statement-breakpoint
ALTER TABLE "analysis_schedules" ADD CONSTRAINT "analysis_schedules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_schedules" ADD CONSTRAINT "analysis_schedules_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_schedules" ADD CONSTRAINT "analysis_schedules_agent_id_agent_configs_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_configs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_schedules" ADD CONSTRAINT "analysis_schedules_last_run_id_analysis_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analysis_schedules_due_idx" ON "analysis_schedules" USING btree ("next_run_at") WHERE "analysis_schedules"."enabled";
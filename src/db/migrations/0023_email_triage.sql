CREATE TABLE "email_label_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"sender_email" text NOT NULL,
	"label_name" text NOT NULL,
	"confidence" real NOT NULL,
	"correction_count" integer DEFAULT 0 NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_sender_stats" (
	"workspace_id" uuid NOT NULL,
	"sender_email" text NOT NULL,
	"sender_name" text,
	"sender_domain" text NOT NULL,
	"total_count" integer DEFAULT 0 NOT NULL,
	"actionable_count" integer DEFAULT 0 NOT NULL,
	"informational_count" integer DEFAULT 0 NOT NULL,
	"promotional_count" integer DEFAULT 0 NOT NULL,
	"junk_count" integer DEFAULT 0 NOT NULL,
	"suggested_action" text,
	"last_email_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_triage" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"sender_email" text,
	"category" text NOT NULL,
	"confidence" real NOT NULL,
	"model" text NOT NULL,
	"reasoning" text DEFAULT '' NOT NULL,
	"deadlines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"action_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"corrected_by" text,
	"classified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pending_email_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"email_message_id" uuid NOT NULL,
	"proposed_title" text NOT NULL,
	"proposed_notes" text DEFAULT '' NOT NULL,
	"proposed_due_date" date,
	"status" text DEFAULT 'pending' NOT NULL,
	"proposal_id" uuid,
	"telegram_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "email_label_rules" ADD CONSTRAINT "email_label_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_sender_stats" ADD CONSTRAINT "email_sender_stats_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_triage" ADD CONSTRAINT "email_triage_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_triage" ADD CONSTRAINT "email_triage_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_email_tasks" ADD CONSTRAINT "pending_email_tasks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_email_tasks" ADD CONSTRAINT "pending_email_tasks_email_message_id_messages_id_fk" FOREIGN KEY ("email_message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_label_rules_workspace_sender_label_idx" ON "email_label_rules" USING btree ("workspace_id","sender_email","label_name");--> statement-breakpoint
CREATE UNIQUE INDEX "email_sender_stats_workspace_sender_idx" ON "email_sender_stats" USING btree ("workspace_id","sender_email");--> statement-breakpoint
CREATE INDEX "email_triage_workspace_category_idx" ON "email_triage" USING btree ("workspace_id","category","classified_at");--> statement-breakpoint
CREATE INDEX "email_triage_workspace_sender_idx" ON "email_triage" USING btree ("workspace_id","sender_email");--> statement-breakpoint
CREATE UNIQUE INDEX "pending_email_tasks_email_title_idx" ON "pending_email_tasks" USING btree ("email_message_id","proposed_title");
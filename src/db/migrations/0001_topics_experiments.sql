CREATE TYPE "public"."experiment_status" AS ENUM('pending', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "message_topic_labels" (
	"workspace_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"labelled_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_topic_labels_pk" PRIMARY KEY("message_id")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"icon" text,
	"color" text NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "classification_experiment_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"message_id" uuid,
	"expected_topic_id" uuid,
	"predicted_topic_id" uuid,
	"confidence" real,
	"correct" boolean NOT NULL,
	"execution_time_ms" real NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "classification_experiments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"classifier" text NOT NULL,
	"provider_id" uuid,
	"agent_id" uuid,
	"model_name" text NOT NULL,
	"message_count" integer NOT NULL,
	"status" "experiment_status" DEFAULT 'pending' NOT NULL,
	"topics_snapshot" jsonb NOT NULL,
	"confusion_matrix" jsonb,
	"accuracy" real,
	"avg_confidence" real,
	"avg_execution_time_ms" real,
	"error_message" text,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_topic_labels" ADD CONSTRAINT "message_topic_labels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_topic_labels" ADD CONSTRAINT "message_topic_labels_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_topic_labels" ADD CONSTRAINT "message_topic_labels_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classification_experiment_results" ADD CONSTRAINT "classification_experiment_results_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classification_experiment_results" ADD CONSTRAINT "classification_experiment_results_experiment_id_classification_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."classification_experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classification_experiment_results" ADD CONSTRAINT "classification_experiment_results_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classification_experiment_results" ADD CONSTRAINT "classification_experiment_results_expected_topic_id_topics_id_fk" FOREIGN KEY ("expected_topic_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classification_experiment_results" ADD CONSTRAINT "classification_experiment_results_predicted_topic_id_topics_id_fk" FOREIGN KEY ("predicted_topic_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classification_experiments" ADD CONSTRAINT "classification_experiments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_topic_labels_workspace_topic_idx" ON "message_topic_labels" USING btree ("workspace_id","topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "topics_workspace_name_unique" ON "topics" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "classification_experiment_results_experiment_idx" ON "classification_experiment_results" USING btree ("experiment_id");--> statement-breakpoint
CREATE INDEX "classification_experiments_workspace_created_idx" ON "classification_experiments" USING btree ("workspace_id","created_at");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_topic_idx" ON "messages" USING btree ("topic_id");
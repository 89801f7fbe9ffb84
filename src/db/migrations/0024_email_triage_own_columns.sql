ALTER TABLE "email_triage" ADD COLUMN "sender_name" text;--> statement-breakpoint
ALTER TABLE "email_triage" ADD COLUMN "subject" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "email_triage" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "email_triage_workspace_sent_idx" ON "email_triage" USING btree ("workspace_id","sent_at");
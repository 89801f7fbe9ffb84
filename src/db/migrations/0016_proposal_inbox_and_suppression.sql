ALTER TABLE "analysis_runs" ADD COLUMN "suppression_report" jsonb DEFAULT '{"total":0,"byReason":{}}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "task_proposals" ADD COLUMN "conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "task_proposals" ADD COLUMN "source_id" uuid;--> statement-breakpoint
CREATE INDEX "task_proposals_conversation_idx" ON "task_proposals" USING btree ("workspace_id","conversation_id","status");
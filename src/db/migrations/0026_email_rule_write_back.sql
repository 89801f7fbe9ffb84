ALTER TABLE "email_label_rules" ADD COLUMN "write_back_kind" text;--> statement-breakpoint
ALTER TABLE "email_label_rules" ADD COLUMN "write_back_target" text;--> statement-breakpoint
ALTER TABLE "email_triage" ADD COLUMN "written_back" text;
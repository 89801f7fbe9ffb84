ALTER TABLE "tasks" ADD COLUMN "github_issue" jsonb;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "github_issues" boolean DEFAULT false NOT NULL;
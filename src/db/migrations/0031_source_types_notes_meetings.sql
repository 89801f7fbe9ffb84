ALTER TYPE "public"."source_type" ADD VALUE 'notes';--> statement-breakpoint
ALTER TYPE "public"."source_type" ADD VALUE 'meetings';
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
ALTER TABLE "cw_contacts" ADD CONSTRAINT "cw_contacts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_contacts" ADD CONSTRAINT "cw_contacts_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_conversations" ADD CONSTRAINT "cw_conversations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_conversations" ADD CONSTRAINT "cw_conversations_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_messages" ADD CONSTRAINT "cw_messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cw_messages" ADD CONSTRAINT "cw_messages_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cw_contacts_updated_idx" ON "cw_contacts" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "cw_messages_conversation_idx" ON "cw_messages" USING btree ("workspace_id","conversation_global_id");--> statement-breakpoint
CREATE INDEX "cw_messages_contact_idx" ON "cw_messages" USING btree ("workspace_id","contact_global_id");
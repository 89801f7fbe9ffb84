DROP INDEX "messages_topic_idx";--> statement-breakpoint
CREATE INDEX "messages_orphan_replies_idx" ON "messages" USING btree ("conversation_id") WHERE reply_to_message_id IS NULL AND reply_to_external_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_topic_idx" ON "messages" USING btree ("topic_id") WHERE topic_id IS NOT NULL;
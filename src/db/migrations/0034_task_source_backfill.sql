-- Custom SQL migration file, put your code below! --
-- Seed 002 tasks.source for tasks made before the column: the source type of a task's first linked message,
-- 'analysis' for other AI-made tasks; the rest stay 'manual'.
UPDATE tasks t SET source = CASE s.type::text
    WHEN 'email' THEN 'email' WHEN 'meetings' THEN 'meeting' WHEN 'telegram' THEN 'telegram' WHEN 'slack' THEN 'slack'
    WHEN 'chatwoot' THEN 'chatwoot' WHEN 'github' THEN 'github' WHEN 'files' THEN 'document' WHEN 'notes' THEN 'note'
    ELSE CASE WHEN t.ai_generated THEN 'analysis' ELSE 'manual' END END
FROM (SELECT DISTINCT ON (tm.task_id) tm.task_id, src.type FROM task_messages tm
      JOIN messages m ON m.id = tm.message_id JOIN sources src ON src.id = m.source_id
      ORDER BY tm.task_id, tm.created_at) s
WHERE s.task_id = t.id;--> statement-breakpoint
UPDATE tasks SET source = 'analysis' WHERE ai_generated AND source = 'manual' AND id NOT IN (SELECT task_id FROM task_messages);

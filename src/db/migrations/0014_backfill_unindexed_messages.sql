-- Before the event outbox (0013), a CLI import made while no server ran published no events, so its messages were
-- never chunked, embedded, scored or classified. Queue them now, in events of at most 1,000 messages, for the
-- next worker. Service messages are never indexed and are left out. Jobs are idempotent: a message that only
-- lacks chunks because its text has none is processed once more and still yields none.
INSERT INTO "event_outbox" ("event", "payload")
SELECT 'messages.changed', jsonb_build_object('workspaceId', workspace_id, 'messageIds', jsonb_agg(id ORDER BY id))
FROM (
  SELECT m.id, m.workspace_id, (row_number() OVER (PARTITION BY m.workspace_id ORDER BY m.id) - 1) / 1000 AS part
  FROM "messages" m
  WHERE m.content_kind <> 'service'
    AND NOT EXISTS (SELECT 1 FROM "chunks" c WHERE c.owner_kind = 'message' AND c.owner_id = m.id)
) unindexed
GROUP BY workspace_id, part;

-- Triage rows made before 0024 get their email's subject, sender name and date from the message they describe.
UPDATE "email_triage" t
SET "subject" = coalesce(m.raw->>'subject', ''),
    "sender_name" = m.raw->>'fromName',
    "sent_at" = m.sent_at
FROM "messages" m
WHERE m.id = t.message_id AND t.sent_at IS NULL;

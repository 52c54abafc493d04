-- Each MessagePosted of an announcement asks whether any recipient is still undelivered (to move PUBLISHING to
-- PUBLISHED). Without this index that question scanned every recipient row: 3 ms per event at 10,000 recipients,
-- 10,000 events per announcement, so delivery counting trailed conversation-service by ~26 s in the bench's S6.
-- The partial index holds only the undelivered rows, so the question is one index probe, and it shrinks to
-- nothing as the announcement is delivered.
create index announcement_recipient_undelivered on announcement_recipient (announcement_id) where delivered_at is null;

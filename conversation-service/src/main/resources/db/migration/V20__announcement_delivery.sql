-- announcements (issue 7): the conversation side of parley.announcements.v1.

-- An AnnouncementCancelled seen here wins over any AnnouncementDeliveryRequested of the same announcement that
-- arrives after it (a replayed or stale batch): nothing of a cancelled announcement is posted.
create table cancelled_announcement (
    announcement_id uuid        primary key,
    workspace_id    uuid        not null,
    cancelled_at    timestamptz not null
);

-- the messages of one announcement (delivery checks, the measurement test, support questions)
create index message_announcement_idx on message (announcement_id) where announcement_id is not null;

-- attachments (issue 5). The metadata row is the service's; the bytes belong to the AttachmentStore (here the
-- PostgreSQL one, attachment_chunk). An upload is unattached (message_id null) until a message takes it at post time.
create table attachment (
    id               uuid         primary key,
    workspace_id     uuid         not null,
    uploader_user_id varchar(100) not null,
    file_name        varchar(255) not null,
    content_type     varchar(200) not null,
    size             bigint       not null,
    created_at       timestamptz  not null,
    -- set when a message takes it; a message's attachments go with it when its conversation is deleted
    message_id       uuid         references message (id) on delete cascade,
    conversation_id  uuid
);
create index attachment_message_idx on attachment (message_id);
create index attachment_conversation_idx on attachment (conversation_id);
create index attachment_uploader_idx on attachment (workspace_id, uploader_user_id);
-- the daily sweep of uploads no message ever took
create index attachment_unattached_idx on attachment (created_at) where message_id is null;

-- PgAttachmentStore: the bytes as numbered bytea chunks of at most 256 KiB (see the README for why not large objects)
create table attachment_chunk (
    attachment_id uuid    not null references attachment (id) on delete cascade,
    n             integer not null,
    bytes         bytea   not null,
    primary key (attachment_id, n)
);
-- images, PDFs and office files are compressed already: store the chunks out of line without trying to compress them
alter table attachment_chunk alter column bytes set storage external;

-- what a message view and MessagePosted show of its attachments, written once at post time (attachments never
-- change), so history, search and the conversation list need no join; null = none
alter table message add column attachments jsonb;

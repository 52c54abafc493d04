-- What a digest needs to show a notification without calling the conversation service, and the digest's own
-- bookkeeping: digested_at is set when a digest has dealt with the notification (sent it, or skipped it because
-- email was off or the conversation muted), so no notification is ever emailed twice.
alter table notification
    add column conversation_kind text,
    add column client_id         uuid,
    add column seq               bigint,
    add column sender_name       text,
    add column digested_at       timestamptz;

-- MessagesRead marks a reader's notifications of one conversation up to a seq
create index notification_by_conversation on notification (workspace_id, user_id, conversation_id) where read_at is null;

-- Preferences per person and workspace; no row means the documented defaults (see README).
create table notification_preference (
    workspace_id   uuid        not null,
    user_id        text        not null,
    email          boolean     not null,
    sms            boolean     not null,
    push           boolean     not null,
    mute_all_email boolean     not null,
    updated_at     timestamptz not null,
    primary key (workspace_id, user_id)
);

create table notification_muted_conversation (
    workspace_id    uuid not null,
    user_id         text not null,
    conversation_id uuid not null,
    primary key (workspace_id, user_id, conversation_id)
);

-- One row per person with a digest pending: due_at is when it goes (first undigested notification + the
-- workspace's emailDigestMinutes). Instances claim due rows with FOR UPDATE SKIP LOCKED, so one digest is sent once.
create table email_digest (
    workspace_id uuid        not null,
    user_id      text        not null,
    due_at       timestamptz,
    last_sent_at timestamptz,
    primary key (workspace_id, user_id)
);
create index email_digest_due on email_digest (due_at) where due_at is not null;

-- What was sent, written in the same transaction that marks the notifications digested.
create table email_digest_sent (
    id                 uuid        primary key,
    workspace_id       uuid        not null,
    user_id            text        not null,
    to_address         text        not null,
    conversation_count integer     not null,
    notification_count integer     not null,
    sent_at            timestamptz not null
);

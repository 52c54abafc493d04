-- Who takes part in which conversation, from parley.conversations.v1 (ParticipantAdded/Removed, ConversationDeleted):
-- with the identity projection, what the shared read rule (common's ReadAccess) needs to decide, when a digest, an
-- SMS or a push is about to go, whether the person may still read that conversation. A removal is a row with
-- present = false (never deleted), so a late or replayed ParticipantAdded older than the removal cannot bring it back.
create table conversation_participant (
    conversation_id uuid        not null,
    user_id         text        not null,
    workspace_id    uuid        not null,
    present         boolean     not null,
    updated_at      timestamptz not null,
    primary key (conversation_id, user_id)
);

-- A conversation deleted with its client's account: nothing of it goes out any more.
create table conversation_deleted (
    conversation_id uuid        primary key,
    workspace_id    uuid        not null,
    deleted_at      timestamptz not null
);

-- Muted conversations now also come from conversation-service (ParticipantMuteChanged) besides the preferences PUT:
-- an unmute is kept as muted = false with its time, so whichever of the two said it last wins and an older event
-- delivered late does not undo a newer choice.
alter table notification_muted_conversation
    add column muted      boolean     not null default true,
    add column updated_at timestamptz not null default '-infinity';

-- In-app notifications: one per recipient per message they may see (never for their own).
create table notification (
    id              uuid        primary key,
    workspace_id    uuid        not null,
    user_id         text        not null,
    conversation_id uuid        not null,
    message_id      uuid        not null,
    preview         text        not null,
    created_at      timestamptz not null,
    read_at         timestamptz,
    -- a message notifies each person once, whatever the delivery count of its event
    unique (user_id, message_id)
);

create index notification_inbox on notification (workspace_id, user_id, created_at desc, id desc);
create index notification_unread on notification (workspace_id, user_id) where read_at is null;

-- Attachments, cancellation time, and one row per resolved recipient with its delivery and read state.
alter table announcement add column attachment_ids uuid[] not null default '{}';
alter table announcement add column cancelled_at timestamptz;

-- the scheduler's claim: due SCHEDULED rows, oldest first
create index announcement_due on announcement (scheduled_at) where status = 'SCHEDULED';

create table announcement_recipient (
    announcement_id uuid        not null references announcement (id) on delete cascade,
    client_id       uuid        not null,
    user_id         text        not null,
    -- where and at which seq the message landed (from MessagePosted), so MessagesRead can be matched
    conversation_id uuid,
    seq             bigint,
    delivered_at    timestamptz,
    read_at         timestamptz,
    primary key (announcement_id, client_id)
);

create index announcement_recipient_by_announcement_user on announcement_recipient (announcement_id, user_id);
create index announcement_recipient_unread on announcement_recipient (conversation_id, user_id) where read_at is null;

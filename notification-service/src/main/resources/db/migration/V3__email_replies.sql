-- Replies by email accepted and published (EmailReplyReceived through the outbox in the same transaction), keyed by
-- the email's Message-ID: the same email delivered twice (SMTP retry, provider webhook retry) is published once.
create table email_reply (
    message_id      text        primary key,
    workspace_id    uuid        not null,
    conversation_id uuid        not null,
    user_id         text        not null,
    received_at     timestamptz not null
);

-- Each workspace's SMS/push provider bridge: Parley POSTs signed webhooks there and the business's bridge talks to
-- its SMS or push provider.
create table provider_bridge (
    workspace_id uuid        primary key,
    url          text        not null,
    secret       text        not null,
    updated_at   timestamptz not null
);

-- One row per (notification, channel) to hand off, written in the transaction that creates the notification, and
-- worked off by a scheduler with FOR UPDATE SKIP LOCKED: a crash neither loses a hand-off nor runs it twice at
-- once; retries with exponential backoff until delivered_at or failed_at.
create table bridge_delivery (
    id              uuid        primary key,
    workspace_id    uuid        not null,
    notification_id uuid        not null,
    channel         text        not null check (channel in ('SMS', 'PUSH')),
    payload         text        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    delivered_at    timestamptz,
    failed_at       timestamptz,
    last_error      text,
    unique (notification_id, channel)
);
create index bridge_delivery_due on bridge_delivery (next_attempt_at) where delivered_at is null and failed_at is null;

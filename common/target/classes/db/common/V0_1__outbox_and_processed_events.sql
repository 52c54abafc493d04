-- Shared by every service (Flyway location db/common, applied before the service's own V1).

-- The transactional outbox: a row commits in the same transaction as the state change it describes.
-- The relay publishes rows in id order and deletes them once Kafka acknowledged them.
create table outbox_event (
    id           bigserial   primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    record_key   text        not null,
    type         text        not null,
    source       text        not null,
    subject      text,
    workspace_id uuid        not null,
    occurred_at  timestamptz not null,
    payload      bytea       not null
);

-- The idempotent consumer's memory: an event id is recorded in the same transaction as its effect.
create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);

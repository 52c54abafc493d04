-- Announcements and their audiences (issue 7 builds the API on these).
create table announcement (
    id               uuid        primary key,
    workspace_id     uuid        not null,
    author_user_id   text        not null,
    body             text        not null,
    highlighted      boolean     not null default false,
    audience_kind    text        not null check (audience_kind in ('ALL_CLIENTS', 'CLIENTS', 'ORGANISATIONS')),
    delivery         text        not null check (delivery in ('DIRECT', 'ROOM')),
    room_id          uuid,
    scheduled_at     timestamptz,
    status           text        not null check (status in ('DRAFT', 'SCHEDULED', 'PUBLISHING', 'PUBLISHED', 'CANCELLED')),
    created_at       timestamptz not null,
    published_at     timestamptz
);

create index announcement_by_workspace on announcement (workspace_id, created_at desc);

create table announcement_audience (
    announcement_id uuid not null references announcement (id) on delete cascade,
    target_id       uuid not null,
    primary key (announcement_id, target_id)
);

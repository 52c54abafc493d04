-- conversation-service: conversations, participants, messages, read state (DESIGN sections 3 and 9).

create table conversation (
    id               uuid        primary key,
    workspace_id     uuid        not null,
    kind             varchar(20) not null check (kind in ('CLIENT', 'ORGANISATION', 'GROUP', 'INTERNAL', 'PRIVATE', 'ANNOUNCEMENT')),
    name             varchar(200),
    client_id        uuid,
    organisation_id  uuid,
    created_by       varchar(100),
    created_at       timestamptz not null,
    -- the seq of the newest message; posting locks this row, which makes seq gapless under concurrency
    last_seq         bigint      not null default 0,
    -- the latest activity (creation or newest message): the conversation list's sort key
    last_activity_at timestamptz not null
);
-- one CLIENT and one PRIVATE conversation per client, one ORGANISATION conversation per organisation
create unique index conversation_client_uq on conversation (workspace_id, client_id) where kind = 'CLIENT';
create unique index conversation_private_uq on conversation (workspace_id, client_id) where kind = 'PRIVATE';
create unique index conversation_organisation_uq on conversation (workspace_id, organisation_id) where kind = 'ORGANISATION';
create index conversation_activity_idx on conversation (workspace_id, last_activity_at desc, id desc);

create table participant (
    conversation_id  uuid         not null references conversation (id) on delete cascade,
    user_id          varchar(100) not null,
    type             varchar(10)  not null check (type in ('MEMBER', 'CLIENT')),
    role             varchar(10)  not null check (role in ('OWNER', 'AGENT', 'WATCHER', 'CLIENT')),
    access           varchar(10)  not null check (access in ('WRITE', 'READ_ONLY')),
    display_name     varchar(200),
    joined_at        timestamptz  not null,
    -- messages with seq <= this are hidden from the participant (historyVisibleToNewParticipants off)
    visible_from_seq bigint       not null default 0,
    primary key (conversation_id, user_id)
);
create index participant_user_idx on participant (user_id);

create table message (
    id                  uuid          primary key,
    conversation_id     uuid          not null references conversation (id) on delete cascade,
    seq                 bigint        not null,
    kind                varchar(20)   not null check (kind in ('TEXT', 'SYSTEM', 'ANNOUNCEMENT')),
    sender_user_id      varchar(100),
    sender_type         varchar(10)   not null check (sender_type in ('MEMBER', 'CLIENT', 'SYSTEM')),
    sender_display_name varchar(200),
    body                varchar(16000),
    highlighted         boolean       not null default false,
    client_message_id   varchar(200),
    announcement_id     uuid,
    created_at          timestamptz   not null,
    edited_at           timestamptz,
    deleted_at          timestamptz,
    constraint message_seq_uq unique (conversation_id, seq)
);
-- a retry with the same clientMessageId from the same sender finds the original
create unique index message_client_message_id_uq on message (conversation_id, sender_user_id, client_message_id)
    where client_message_id is not null;

-- members see how a message read before each edit
create table message_edit (
    id          bigserial     primary key,
    message_id  uuid          not null references message (id) on delete cascade,
    body        varchar(16000),
    replaced_at timestamptz   not null
);
create index message_edit_message_idx on message_edit (message_id);

-- per person and conversation: read marker, mute, archive (for participants and for readers by permission alike)
create table reader_state (
    conversation_id uuid         not null references conversation (id) on delete cascade,
    user_id         varchar(100) not null,
    last_read_seq   bigint       not null default 0,
    muted           boolean      not null default false,
    archived        boolean      not null default false,
    updated_at      timestamptz  not null,
    primary key (conversation_id, user_id)
);

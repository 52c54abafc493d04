-- The identity projection every service keeps from parley.identity.v1 (dev.parley.common.identity.IdentityProjection).
-- Only IdentityProjection writes these tables and only IdentityDirectory reads them. Rows carry the time of the
-- event that last wrote them (updated_at) so an older event arriving late never overwrites a newer state, and
-- removals are kept as tombstones (removed/deleted) so a late "joined" cannot bring a removed person back.

create table identity_workspace (
    workspace_id                         uuid        primary key,
    name                                 text        not null,
    messaging_enabled                    boolean     not null,
    contact_button_after_booking         boolean     not null,
    read_receipts                        boolean     not null,
    typing_indicator                     boolean     not null,
    private_messaging_enabled            boolean     not null,
    default_client_channel               text        not null,
    welcome_message                      text        not null,
    clients_see_participants             boolean     not null,
    history_visible_to_new_participants  boolean     not null,
    attachment_max_bytes                 bigint      not null,
    email_digest_minutes                 integer     not null,
    updated_at                           timestamptz not null
);

create table identity_member (
    workspace_id  uuid        not null,
    member_id     uuid        not null,
    user_id       text        not null,
    display_name  text        not null,
    email         text        not null,
    -- the complete effective permission set, e.g. {chats.access,chats.reply}
    permissions   text[]      not null,
    removed       boolean     not null default false,
    updated_at    timestamptz not null,
    primary key (workspace_id, member_id)
);
-- principal resolution on every request: (workspace, token subject)
create index identity_member_by_user on identity_member (workspace_id, user_id) where not removed;

create table identity_client (
    workspace_id     uuid        not null,
    client_id        uuid        not null,
    -- null until ClientRegistered arrived (an organisation change may be seen first when events are replayed)
    user_id          text,
    display_name     text,
    email            text,
    mobile           text,
    organisation_id  uuid,
    deleted          boolean     not null default false,
    updated_at       timestamptz,
    -- organisation membership has its own clock: ClientJoined/LeftOrganisation and the snapshots both set it
    organisation_updated_at timestamptz,
    primary key (workspace_id, client_id)
);
create index identity_client_by_user on identity_client (workspace_id, user_id) where not deleted;
create index identity_client_by_organisation on identity_client (workspace_id, organisation_id) where not deleted;

create table identity_assignment (
    workspace_id  uuid        not null,
    client_id     uuid        not null,
    member_id     uuid        not null,
    assigned      boolean     not null,
    updated_at    timestamptz not null,
    primary key (workspace_id, client_id, member_id)
);

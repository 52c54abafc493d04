-- identity-permission-service: the source of truth for workspaces, team, permissions and clients.
-- Ids are UUID v7 (time-ordered), so "order by id" is creation order and the cursor of every list.

create table workspace (
    id                                   uuid        primary key,
    name                                 text        not null,
    created_by                           text        not null,
    created_at                           timestamptz not null,
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
    email_digest_minutes                 integer     not null
);

create table permission_group (
    id            uuid        primary key,
    workspace_id  uuid        not null references workspace (id),
    name          text        not null,
    -- OWNER, ADMIN, OFFICE_MANAGER, TEAM_MEMBER for the built-in groups, null for custom ones
    built_in      text,
    created_at    timestamptz not null
);
create unique index permission_group_name on permission_group (workspace_id, lower(name));
create unique index permission_group_built_in on permission_group (workspace_id, built_in) where built_in is not null;

create table permission_group_permission (
    group_id    uuid not null references permission_group (id) on delete cascade,
    permission  text not null,
    primary key (group_id, permission)
);

create table member (
    id            uuid        primary key,
    workspace_id  uuid        not null references workspace (id),
    user_id       text        not null,
    display_name  text        not null,
    email         text        not null,
    created_at    timestamptz not null
);
create unique index member_user on member (workspace_id, user_id);
-- GET /me: every workspace of a person
create index member_by_user on member (user_id);

create table member_group (
    member_id  uuid not null references member (id) on delete cascade,
    group_id   uuid not null references permission_group (id) on delete cascade,
    primary key (member_id, group_id)
);
create index member_group_by_group on member_group (group_id);

create table organisation (
    id            uuid        primary key,
    workspace_id  uuid        not null references workspace (id),
    name          text        not null,
    created_at    timestamptz not null
);
create unique index organisation_name on organisation (workspace_id, lower(name));

create table client (
    id               uuid        primary key,
    workspace_id     uuid        not null references workspace (id),
    user_id          text        not null,
    display_name     text        not null,
    email            text        not null,
    mobile           text,
    organisation_id  uuid        references organisation (id),
    created_at       timestamptz not null
);
create unique index client_user on client (workspace_id, user_id);
create index client_by_user on client (user_id);
create index client_by_organisation on client (organisation_id);

-- the staff who serve a client
create table client_assignment (
    client_id  uuid not null references client (id) on delete cascade,
    member_id  uuid not null references member (id) on delete cascade,
    primary key (client_id, member_id)
);
create index client_assignment_by_member on client_assignment (member_id);

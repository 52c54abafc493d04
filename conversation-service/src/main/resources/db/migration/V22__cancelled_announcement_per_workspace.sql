-- Events are untrusted input. Keyed by the announcement id alone, another workspace's AnnouncementCancelled naming
-- this workspace's announcement stopped its delivery here, and, arriving first, kept this workspace's own cancel
-- out (on conflict do nothing). With the workspace in the key (and in the check), a cancel counts only in the
-- workspace that sent it.
alter table cancelled_announcement drop constraint cancelled_announcement_pkey;
alter table cancelled_announcement add primary key (workspace_id, announcement_id);

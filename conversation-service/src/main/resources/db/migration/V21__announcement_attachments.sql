-- announcements' attachments (issue 7). A DIRECT announcement is one message per recipient, so the author's
-- uploads it names cannot belong to one message: they belong to the announcement (announcement_id) and every
-- message of it lists them. They stay while any message of the announcement is not deleted.
alter table attachment add column announcement_id uuid;
create index attachment_announcement_idx on attachment (announcement_id) where announcement_id is not null;

-- Events are untrusted input, and conversation and message ids are no secret to someone who was once in the
-- conversation. Keyed without the workspace, a row written by another workspace's event naming this workspace's
-- conversation (or message) took the key first, and the honest event of the conversation's own workspace then
-- changed nothing: the participant was never recorded, the deletion never seen, the person never notified.
-- With the workspace in every key, each workspace's events write only that workspace's rows.
alter table conversation_participant drop constraint conversation_participant_pkey;
alter table conversation_participant add primary key (workspace_id, conversation_id, user_id);

alter table conversation_deleted drop constraint conversation_deleted_pkey;
alter table conversation_deleted add primary key (workspace_id, conversation_id);

alter table notification drop constraint notification_user_id_message_id_key;
alter table notification add constraint notification_once unique (workspace_id, user_id, message_id);

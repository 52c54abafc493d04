-- full-text search over message bodies (issue 5). The 'simple' configuration: workspaces write in many languages,
-- so words are lower-cased but never stemmed or dropped as stop words in one language's rules. Deleted and erased
-- messages have no body and so an empty vector.
alter table message add column body_tsv tsvector
    generated always as (to_tsvector('simple', coalesce(body, ''))) stored;
create index message_body_tsv_idx on message using gin (body_tsv);

CREATE TABLE drafts (id bigint PRIMARY KEY, title text NOT NULL);
ALTER TABLE drafts ALTER COLUMN title DROP NOT NULL;
-- Setting NOT NULL, or dropping a default, is not this rule's business.
ALTER TABLE orders ALTER COLUMN assignee_id DROP DEFAULT;
ALTER DOMAIN email DROP NOT NULL;

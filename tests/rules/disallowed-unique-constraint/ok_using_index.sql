-- The index was built with CREATE UNIQUE INDEX CONCURRENTLY in an earlier migration.
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
-- A table created in the same migration is empty.
CREATE TABLE sessions (id bigint, token text);
ALTER TABLE sessions ADD CONSTRAINT sessions_token_key UNIQUE (token);

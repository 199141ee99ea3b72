CREATE TABLE billing.accounts (id bigint PRIMARY KEY);
ALTER TABLE billing.accounts ADD COLUMN note text;
CREATE INDEX accounts_note_idx ON billing.accounts (note);
CREATE VIEW billing.active_accounts AS SELECT * FROM billing.accounts;
ALTER TABLE billing.accounts RENAME TO customers;
DROP TABLE IF EXISTS billing.old_accounts;
-- Temporary tables live in the session's own pg_temp schema.
CREATE TEMPORARY TABLE scratch (id bigint);
-- Not DDL on a table: queries are resolved by search_path as the application does.
INSERT INTO accounts (id) VALUES (1);

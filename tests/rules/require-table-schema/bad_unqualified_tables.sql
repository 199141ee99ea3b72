CREATE TABLE accounts (id bigint PRIMARY KEY); -- expect: require-table-schema
ALTER TABLE accounts ADD COLUMN note text; -- expect: require-table-schema
CREATE INDEX accounts_note_idx ON accounts (note); -- expect: require-table-schema
CREATE VIEW active_accounts AS SELECT * FROM public.accounts; -- expect: require-table-schema
CREATE MATERIALIZED VIEW account_totals AS SELECT count(*) FROM public.accounts; -- expect: require-table-schema
CREATE SEQUENCE invoice_numbers; -- expect: require-table-schema
ALTER TABLE accounts RENAME TO customers; -- expect: require-table-schema
ALTER TABLE customers RENAME COLUMN note TO remark; -- expect: require-table-schema
DROP TABLE IF EXISTS public.old_accounts, older_accounts; -- expect: require-table-schema

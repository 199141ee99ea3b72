-- expect-file: missing-down-migration
-- Irreversible, but nothing says so: a down file holding only that comment would.
ALTER TABLE invoices DROP COLUMN IF EXISTS legacy_total;

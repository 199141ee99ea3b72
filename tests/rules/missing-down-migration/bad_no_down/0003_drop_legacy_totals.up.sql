-- expect-file: missing-down-migration
-- Irreversible, but nothing says so: a down file with `-- sqlmigrate:nothing-to-undo` would.
ALTER TABLE invoices DROP COLUMN IF EXISTS legacy_total;

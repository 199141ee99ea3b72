-- expect-file: missing-down-migration
ALTER TABLE invoices DROP COLUMN legacy_note;

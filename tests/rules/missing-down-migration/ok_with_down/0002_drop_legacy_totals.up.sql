ALTER TABLE invoices DROP COLUMN IF EXISTS legacy_total;

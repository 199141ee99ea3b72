-- sqlmigrate:no-transaction
BEGIN;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
CREATE INDEX orders_status_idx ON orders (status); -- expect: holding-access-exclusive-across-statements
-- The later slow statements of the same transaction are listed in a note of the finding above.
ALTER TABLE customers ADD COLUMN tier text;
UPDATE orders SET status = 'new' WHERE status IS NULL;
COMMIT;
-- A new transaction: a finding of its own.
BEGIN;
ALTER TABLE invoices ADD COLUMN paid_at timestamptz;
UPDATE invoices SET paid_at = now() WHERE paid; -- expect: holding-access-exclusive-across-statements
COMMIT;

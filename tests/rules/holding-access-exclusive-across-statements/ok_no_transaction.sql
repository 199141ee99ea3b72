-- sqlmigrate:no-transaction
-- Each statement commits on its own: the lock ends with ADD COLUMN.
ALTER TABLE orders ADD COLUMN region text;
UPDATE orders SET region = 'eu' WHERE id < 1000;
BEGIN;
UPDATE orders SET region = 'eu' WHERE id >= 1000;
COMMIT;

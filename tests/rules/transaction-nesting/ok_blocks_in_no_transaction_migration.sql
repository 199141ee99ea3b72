-- sqlmigrate:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
BEGIN;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS remark text;
SAVEPOINT before_backfill;
UPDATE orders SET remark = note;
RELEASE SAVEPOINT before_backfill;
COMMIT AND CHAIN;
UPDATE orders SET remark = '' WHERE remark IS NULL;
COMMIT;
START TRANSACTION;
UPDATE orders SET note = NULL;
ROLLBACK;

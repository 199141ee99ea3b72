-- sqlmigrate:no-transaction
BEGIN;
UPDATE orders SET note = '' WHERE note IS NULL;
COMMIT;
START TRANSACTION;
UPDATE orders SET remark = '';
ROLLBACK;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);

-- sqlmigrate:no-transaction
BEGIN;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS shipped_by bigint;
UPDATE orders SET shipped_by = assigned_user_id WHERE shipped_at IS NOT NULL;
COMMIT;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_shipped_by_idx ON orders (shipped_by);

-- sqlmigrate:no-transaction
-- The directive is there, but the index is built inside an explicit transaction block.
BEGIN;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS shipped_by bigint;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_shipped_by_idx ON orders (shipped_by); -- expect: ban-concurrent-index-creation-in-transaction
COMMIT;
-- After COMMIT each statement runs on its own again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_placed_at_idx ON orders (placed_at);
START TRANSACTION;
DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx; -- expect: ban-concurrent-index-creation-in-transaction
ROLLBACK;
REINDEX INDEX CONCURRENTLY orders_placed_at_idx;

-- Two statements and no directive: the migration runs as one transaction.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS shipped_by bigint;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_shipped_by_idx -- expect: ban-concurrent-index-creation-in-transaction
    ON orders (shipped_by);

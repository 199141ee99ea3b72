-- Every statement that Postgres refuses inside a transaction block fails the same way.
DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx; -- expect: ban-concurrent-index-creation-in-transaction
REINDEX (CONCURRENTLY) TABLE orders; -- expect: ban-concurrent-index-creation-in-transaction
REINDEX INDEX CONCURRENTLY shop.orders_pkey; -- expect: ban-concurrent-index-creation-in-transaction
ALTER TABLE measurements -- expect: ban-concurrent-index-creation-in-transaction
    DETACH PARTITION measurements_2020 CONCURRENTLY;
VACUUM (ANALYZE) orders; -- expect: ban-concurrent-index-creation-in-transaction
CREATE DATABASE reporting; -- expect: ban-concurrent-index-creation-in-transaction
-- These can run in a transaction block.
ANALYZE orders;
REINDEX TABLE orders;
DROP INDEX IF EXISTS orders_older_idx;
CLUSTER orders USING orders_pkey;

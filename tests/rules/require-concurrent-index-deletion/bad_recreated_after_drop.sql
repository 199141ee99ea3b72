-- sqlmigrate:no-transaction
-- An index created here, then dropped, then dropped again by its name: the second drop is not of a new index
-- (it fails, but Postgres would first have to lock the table).
CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);
DROP INDEX CONCURRENTLY orders_total_idx;
DROP INDEX IF EXISTS orders_total_idx; -- expect: require-concurrent-index-deletion

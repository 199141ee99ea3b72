-- sqlmigrate:no-transaction
-- pg-version: 14.0
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status); -- expect: ban-concurrent-index-build-on-pg14-before-14-4

-- sqlmigrate:no-transaction
-- pg-version: 14.3
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id); -- expect: ban-concurrent-index-build-on-pg14-before-14-4
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON shop.users (email); -- expect: ban-concurrent-index-build-on-pg14-before-14-4
REINDEX INDEX CONCURRENTLY orders_placed_at_idx; -- expect: ban-concurrent-index-build-on-pg14-before-14-4
REINDEX (CONCURRENTLY) TABLE shop.orders; -- expect: ban-concurrent-index-build-on-pg14-before-14-4

-- sqlmigrate:no-transaction
-- pg-version: 14.4
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
REINDEX INDEX CONCURRENTLY orders_placed_at_idx;

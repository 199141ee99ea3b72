-- sqlmigrate:no-transaction
-- pg-version: 14
-- Only the major version is known: the rule stays quiet (set pg_version = "14.x" to check).
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);

-- A migration whose only statement cannot run in a transaction block runs on its own.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);

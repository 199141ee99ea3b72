-- sqlmigrate:no-transaction
-- pg-version: 13.2
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);

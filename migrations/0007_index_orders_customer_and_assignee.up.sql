-- sqlmigrate:no-transaction
-- Add indexes for "orders of this customer" and "orders assigned to me".
-- orders already holds data, so the indexes are built CONCURRENTLY (no write
-- lock), which Postgres only allows outside a transaction block.

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx
    ON orders (customer_id);

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_assigned_user_id_idx
    ON orders (assigned_user_id)
    WHERE assigned_user_id IS NOT NULL;

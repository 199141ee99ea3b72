-- sqlmigrate:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_assigned_user_id_idx
    ON orders (assigned_user_id)
    WHERE assigned_user_id IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx;
VACUUM (ANALYZE) orders;

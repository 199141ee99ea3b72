-- sqlmigrate:no-transaction
-- Remove the indexes built in 0007_index_orders_customer_and_assignee.up.sql,
-- concurrently so reads and writes on orders are not blocked.

DROP INDEX CONCURRENTLY IF EXISTS orders_assigned_user_id_idx;
DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;

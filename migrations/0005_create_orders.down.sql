-- Remove orders, order_items (with their indexes) and the order_status enum
-- created in 0005_create_orders.up.sql.

DROP INDEX IF EXISTS order_items_order_id_idx;
DROP INDEX IF EXISTS orders_tenant_id_status_placed_at_idx;
DROP TABLE IF EXISTS order_items;
DROP TABLE IF EXISTS orders;
DROP TYPE IF EXISTS order_status;

-- Remove the CHECK constraint added in 0013_backfill_order_items_product_title.up.sql.
-- The backfilled titles are deliberately left in place: they cannot be told
-- apart from titles the application wrote itself, the column is still
-- nullable, and 0012_add_order_items_product_title.down.sql drops it anyway.

ALTER TABLE order_items DROP CONSTRAINT IF EXISTS order_items_product_title_not_null;

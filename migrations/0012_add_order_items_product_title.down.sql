-- Remove the product_title column added in 0012_add_order_items_product_title.up.sql.

ALTER TABLE order_items DROP COLUMN IF EXISTS product_title;

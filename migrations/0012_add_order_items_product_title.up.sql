-- Add product_title to order_items: a snapshot of the product's title at
-- purchase time, so renaming a product does not rewrite order history.
-- Nullable for now (order_items already holds data); the application starts
-- filling it on new rows, 0013 backfills old rows and 0014 makes it NOT NULL.

ALTER TABLE order_items ADD COLUMN IF NOT EXISTS product_title text;

-- Backfill order_items.product_title from the current product title for rows
-- written before 0012, then add CHECK (product_title IS NOT NULL) NOT VALID:
-- new and updated rows are checked from now on without scanning the table.
-- Existing rows are validated in 0014_order_items_product_title_not_null.

UPDATE order_items AS oi
SET product_title = p.title
FROM products AS p
WHERE p.id = oi.product_id
  AND oi.product_title IS NULL;

ALTER TABLE order_items
    ADD CONSTRAINT order_items_product_title_not_null
    CHECK (product_title IS NOT NULL)
    NOT VALID;

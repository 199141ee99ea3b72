-- Make order_items.product_title NOT NULL without a long exclusive lock:
-- validate the CHECK added NOT VALID in 0013 (SHARE UPDATE EXCLUSIVE lock only),
-- then SET NOT NULL, which Postgres 12+ proves from the validated CHECK
-- instead of scanning the table, then drop the now-redundant CHECK.

ALTER TABLE order_items VALIDATE CONSTRAINT order_items_product_title_not_null;

ALTER TABLE order_items ALTER COLUMN product_title SET NOT NULL;

ALTER TABLE order_items DROP CONSTRAINT IF EXISTS order_items_product_title_not_null;

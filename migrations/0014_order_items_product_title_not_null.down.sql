-- Undo 0014_order_items_product_title_not_null.up.sql in reverse order:
-- put back the CHECK as 0013 left it (NOT VALID; Postgres has no
-- "unvalidate"), then make product_title nullable again.

ALTER TABLE order_items
    ADD CONSTRAINT order_items_product_title_not_null
    CHECK (product_title IS NOT NULL)
    NOT VALID;

ALTER TABLE order_items ALTER COLUMN product_title DROP NOT NULL;

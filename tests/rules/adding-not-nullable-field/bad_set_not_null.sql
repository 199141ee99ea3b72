-- SET NOT NULL on tables that earlier migrations created: each one scans the table under lock.
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL; -- expect: adding-not-nullable-field
ALTER TABLE ONLY shop.customers ALTER email SET NOT NULL; -- expect: adding-not-nullable-field

-- One finding per column; the statement is reported, as the commands carry no position.
ALTER TABLE order_items -- expect: adding-not-nullable-field, adding-not-nullable-field
    ALTER COLUMN product_title SET NOT NULL,
    ALTER COLUMN "SKU" SET NOT NULL,
    ALTER COLUMN product_title SET DEFAULT '';

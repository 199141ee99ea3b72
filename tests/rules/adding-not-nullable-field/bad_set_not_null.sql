-- SET NOT NULL on tables that earlier migrations created: each one scans the table under lock.
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL; -- expect: adding-not-nullable-field
ALTER TABLE ONLY shop.customers ALTER email SET NOT NULL; -- expect: adding-not-nullable-field

-- One finding per column, each at its own subcommand.
ALTER TABLE order_items
    ALTER COLUMN product_title SET NOT NULL, -- expect: adding-not-nullable-field
    ALTER COLUMN "SKU" SET NOT NULL, -- expect: adding-not-nullable-field
    ALTER COLUMN product_title SET DEFAULT '';

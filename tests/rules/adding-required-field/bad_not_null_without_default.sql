-- Required columns added to tables that earlier migrations created and that already hold rows.
ALTER TABLE orders ADD COLUMN currency_code char(3) NOT NULL; -- expect: adding-required-field

ALTER TABLE ONLY shop.customers
    ADD COLUMN IF NOT EXISTS country text NOT NULL; -- expect: adding-required-field

-- Several commands in one statement: only the required column is reported, at its own line.
ALTER TABLE products
    ADD COLUMN subtitle text,
    ADD COLUMN "Weight grams" integer -- expect: adding-required-field
        CHECK ("Weight grams" > 0)
        NOT NULL,
    ADD COLUMN is_featured boolean NOT NULL DEFAULT false;

-- A named NOT NULL constraint is no different.
ALTER TABLE invoices ADD COLUMN due_on date CONSTRAINT invoices_due_on_not_null NOT NULL; -- expect: adding-required-field

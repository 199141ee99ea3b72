-- A CHECK on a column added to an existing table is validated against every row.
ALTER TABLE orders ADD COLUMN discount_cents bigint CHECK (discount_cents >= 0); -- expect: constraint-missing-not-valid

ALTER TABLE orders
    ADD COLUMN IF NOT EXISTS priority integer NOT NULL DEFAULT 0
        CONSTRAINT orders_priority_range CHECK (priority BETWEEN 0 AND 9), -- expect: constraint-missing-not-valid
    ADD COLUMN note text;

-- CHECK constraints added to tables that an earlier migration created.
ALTER TABLE orders ADD CONSTRAINT orders_total_cents_nonnegative CHECK (total_cents >= 0); -- expect: constraint-missing-not-valid

ALTER TABLE orders
    ADD CONSTRAINT orders_currency_iso CHECK (currency ~ '^[A-Z]{3}$'); -- expect: constraint-missing-not-valid

-- Unnamed, on a schema-qualified table.
ALTER TABLE shop.order_items ADD CHECK (quantity > 0); -- expect: constraint-missing-not-valid

-- Several commands: each is checked, and only the one without NOT VALID is reported.
ALTER TABLE IF EXISTS orders
    ADD CONSTRAINT orders_paid_after_placed CHECK (paid_at >= placed_at) NOT VALID,
    ADD CONSTRAINT "Orders shipped after paid" CHECK (shipped_at >= paid_at) NO INHERIT; -- expect: constraint-missing-not-valid

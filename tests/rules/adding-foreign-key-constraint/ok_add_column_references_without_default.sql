-- Without a default every existing row holds NULL in the new column: Postgres skips the validation.
ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);
ALTER TABLE orders
    ADD COLUMN IF NOT EXISTS shipped_by bigint CONSTRAINT orders_shipped_by_fkey REFERENCES users (id),
    ADD COLUMN notes text;

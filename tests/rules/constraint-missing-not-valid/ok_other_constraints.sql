-- Foreign keys belong to adding-foreign-key-constraint; UNIQUE and PRIMARY KEY build an index.
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);
ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (tenant_id, number);
ALTER TABLE orders ADD COLUMN notes text NOT NULL DEFAULT '';
-- Postgres never checks a foreign table's rows against its constraints.
ALTER FOREIGN TABLE remote_orders ADD CONSTRAINT remote_orders_total_check CHECK (total_cents >= 0);
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_total_cents_nonnegative;

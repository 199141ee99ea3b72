-- CHECK constraints belong to constraint-missing-not-valid.
ALTER TABLE orders ADD CONSTRAINT orders_total_cents_nonnegative CHECK (total_cents >= 0);
ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (tenant_id, number);
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_customer_id_fkey;

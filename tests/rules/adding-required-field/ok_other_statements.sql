-- Not ADD COLUMN on an existing table: other rules judge these.
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_currency_not_null CHECK (currency IS NOT NULL) NOT VALID;
ALTER FOREIGN TABLE remote_orders ADD COLUMN note text NOT NULL;
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint NOT NULL, amount_cents bigint NOT NULL);

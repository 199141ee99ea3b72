SET statement_timeout = '15min';
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);

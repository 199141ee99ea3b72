SET statement_timeout = '10min';
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
SET statement_timeout TO DEFAULT;
CLUSTER orders USING orders_placed_at_idx; -- expect: require-statement-timeout

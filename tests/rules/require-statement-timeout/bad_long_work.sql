SET lock_timeout = '5s';
CREATE INDEX orders_placed_at_idx ON orders (placed_at); -- expect: require-statement-timeout
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0); -- expect: require-statement-timeout
ALTER TABLE orders ALTER COLUMN amount TYPE bigint; -- expect: require-statement-timeout
ALTER TABLE audit ADD COLUMN token uuid DEFAULT gen_random_uuid(); -- expect: require-statement-timeout

ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
-- An index build on the locked table scans it while reads stay blocked.
CREATE INDEX orders_status_idx ON orders (status); -- expect: holding-access-exclusive-across-statements

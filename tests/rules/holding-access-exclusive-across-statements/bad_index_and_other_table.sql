ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
-- An index build on the locked table scans it while reads stay blocked.
CREATE INDEX orders_status_idx ON orders (status); -- expect: holding-access-exclusive-across-statements
-- Waiting for a lock on another table while orders is blocked.
ALTER TABLE customers ADD COLUMN tier text; -- expect: holding-access-exclusive-across-statements
-- Arbitrary code.
DO $$ BEGIN PERFORM 1; END $$; -- expect: holding-access-exclusive-across-statements

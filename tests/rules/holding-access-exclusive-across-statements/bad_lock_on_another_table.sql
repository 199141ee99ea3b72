ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
-- Waiting for a lock on another table while orders is blocked.
ALTER TABLE customers ADD COLUMN tier text; -- expect: holding-access-exclusive-across-statements

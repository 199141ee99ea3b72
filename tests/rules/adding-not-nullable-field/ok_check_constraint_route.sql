-- The first half of the safe route: a NOT VALID check is enforced for new rows at once and
-- validated later under a lock that lets reads and writes continue.
ALTER TABLE orders ADD CONSTRAINT orders_currency_not_null CHECK (currency IS NOT NULL) NOT VALID;
-- Relaxing a column never scans.
ALTER TABLE orders ALTER COLUMN shipped_at DROP NOT NULL;
ALTER TABLE orders ALTER COLUMN currency SET DEFAULT 'EUR';

-- sqlmigrate:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
BEGIN;
UPDATE orders SET note = '' WHERE note IS NULL;
COMMIT;
BEGIN; -- expect: ban-uncommitted-transaction
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
-- A nested BEGIN does not start anything new: the block above is still the one left open.
BEGIN;
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';

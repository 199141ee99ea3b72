-- The ACCESS EXCLUSIVE lock of ADD COLUMN is held through the whole backfill.
ALTER TABLE orders ADD COLUMN region text;
UPDATE orders SET region = 'eu'; -- expect: holding-access-exclusive-across-statements

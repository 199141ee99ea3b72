-- sqlmigrate:no-transaction
-- SET LOCAL outside a transaction block does nothing.
SET LOCAL lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN note text; -- expect: require-lock-timeout
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN tier text;
COMMIT;
-- The SET LOCAL ended with its transaction.
ALTER TABLE orders DROP COLUMN tier; -- expect: require-lock-timeout

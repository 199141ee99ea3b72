-- Savepoints work inside the transaction that sqlmigrate opens.
ALTER TABLE orders ADD COLUMN note text;
SAVEPOINT before_backfill;
UPDATE orders SET note = '';
RELEASE SAVEPOINT before_backfill;

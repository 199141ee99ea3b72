-- sqlmigrate:no-transaction
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
START TRANSACTION; -- expect: transaction-nesting
UPDATE orders SET note = '';
COMMIT;
UPDATE orders SET note = 'x';
COMMIT; -- expect: transaction-nesting
SAVEPOINT s; -- expect: transaction-nesting
ROLLBACK AND CHAIN; -- expect: transaction-nesting

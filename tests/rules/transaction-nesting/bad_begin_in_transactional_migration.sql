-- No directive: sqlmigrate runs this migration as one transaction already.
BEGIN; -- expect: transaction-nesting
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
ALTER TABLE orders ADD COLUMN remark text;
COMMIT; -- expect: transaction-nesting
SAVEPOINT before_backfill;
UPDATE orders SET remark = note;
ROLLBACK TO SAVEPOINT before_backfill;
ROLLBACK; -- expect: transaction-nesting

-- sqlmigrate:no-transaction
BEGIN;
ALTER TABLE orders RENAME COLUMN note TO remark;
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0); -- expect: holding-access-exclusive-across-statements
COMMIT;

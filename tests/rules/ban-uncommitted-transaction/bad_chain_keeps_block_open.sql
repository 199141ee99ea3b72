-- sqlmigrate:no-transaction
START TRANSACTION;
UPDATE orders SET note = '' WHERE note IS NULL;
COMMIT AND CHAIN; -- expect: ban-uncommitted-transaction
UPDATE orders SET remark = '' WHERE remark IS NULL;

SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN note text;
RESET lock_timeout;
DROP TABLE legacy_orders; -- expect: require-lock-timeout
SET lock_timeout = 0;
TRUNCATE audit; -- expect: require-lock-timeout

SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text;
SELECT set_config('lock_timeout', '3s', false);
DROP TABLE legacy_orders;

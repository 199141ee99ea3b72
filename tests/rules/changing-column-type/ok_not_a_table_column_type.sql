-- Other ALTER COLUMN forms do not change the stored type.
ALTER TABLE orders ALTER COLUMN currency SET DEFAULT 'EUR';
ALTER TABLE orders ALTER COLUMN notes SET STORAGE EXTERNAL;
ALTER TABLE orders ALTER COLUMN customer_id SET STATISTICS 500;
-- A composite type's attribute and a foreign table's column store no rows here.
ALTER TYPE money_amount ALTER ATTRIBUTE cents TYPE bigint;
ALTER FOREIGN TABLE remote_orders ALTER COLUMN total TYPE numeric;

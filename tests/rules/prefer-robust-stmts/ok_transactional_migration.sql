-- A failure rolls back the whole migration, so a retry starts from a clean slate.
CREATE TABLE order_notes (id bigint PRIMARY KEY);
ALTER TABLE orders ADD COLUMN remark text;
DROP TABLE legacy_orders;

-- sqlmigrate:no-transaction
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note); -- expect: prefer-robust-stmts
CREATE INDEX CONCURRENTLY ON orders (placed_at); -- expect: prefer-robust-stmts
DROP INDEX CONCURRENTLY orders_old_idx; -- expect: prefer-robust-stmts
CREATE TABLE order_notes (id bigint PRIMARY KEY); -- expect: prefer-robust-stmts
ALTER TABLE orders ADD COLUMN remark text; -- expect: prefer-robust-stmts
ALTER TABLE orders DROP COLUMN legacy; -- expect: prefer-robust-stmts
ALTER TABLE orders DROP CONSTRAINT orders_legacy_check; -- expect: prefer-robust-stmts
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID; -- expect: prefer-robust-stmts
ALTER TABLE orders ADD CHECK (discount >= 0) NOT VALID; -- expect: prefer-robust-stmts
ALTER TYPE order_status ADD VALUE 'refunded'; -- expect: prefer-robust-stmts
CREATE SEQUENCE order_numbers; -- expect: prefer-robust-stmts
CREATE VIEW open_orders AS SELECT * FROM orders WHERE closed_at IS NULL; -- expect: prefer-robust-stmts
CREATE EXTENSION pg_trgm; -- expect: prefer-robust-stmts
DROP TABLE legacy_orders; -- expect: prefer-robust-stmts

-- sqlmigrate:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx;
CREATE TABLE IF NOT EXISTS order_notes (id bigint PRIMARY KEY);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS remark text;
ALTER TABLE orders DROP COLUMN IF EXISTS legacy;
ALTER TABLE orders
    DROP CONSTRAINT IF EXISTS orders_total_check,
    ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';
CREATE SEQUENCE IF NOT EXISTS order_numbers;
CREATE OR REPLACE VIEW open_orders AS SELECT * FROM orders WHERE closed_at IS NULL;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP TABLE IF EXISTS legacy_orders;
-- Inside an explicit block a failure rolls the whole block back: nothing to make robust.
BEGIN;
ALTER TABLE orders ADD COLUMN shipped_by bigint;
CREATE TABLE shipments (id bigint PRIMARY KEY);
COMMIT;

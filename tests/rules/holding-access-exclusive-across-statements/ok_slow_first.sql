-- The slow work comes first; ACCESS EXCLUSIVE is taken last.
CREATE INDEX orders_status_idx ON orders (status);
UPDATE orders SET status = 'new' WHERE status IS NULL;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';

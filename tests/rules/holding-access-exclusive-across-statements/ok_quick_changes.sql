-- Several catalog-only changes of the same table: the lock is held only briefly.
ALTER TABLE orders ADD COLUMN region text;
ALTER TABLE orders ALTER COLUMN region SET DEFAULT 'eu';
ALTER TABLE orders RENAME COLUMN note TO remark;
COMMENT ON COLUMN orders.region IS 'sales region';
SET lock_timeout = '5s';
-- Tables created in this migration are new: nobody waits for them.
CREATE TABLE regions (code text PRIMARY KEY);
INSERT INTO regions VALUES ('eu'), ('us');
CREATE INDEX regions_code_idx ON regions (code);

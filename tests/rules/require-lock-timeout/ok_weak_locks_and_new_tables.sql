-- Locks that block neither reads nor writes, and tables created here.
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
ALTER TABLE orders ALTER COLUMN status SET STATISTICS 500;
INSERT INTO audit VALUES (1, 'x');
SELECT count(*) FROM orders;
CREATE TABLE regions (code text PRIMARY KEY);
ALTER TABLE regions ADD COLUMN name text;

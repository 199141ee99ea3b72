CREATE TABLE drafts (id bigint PRIMARY KEY, titel text);
ALTER TABLE drafts RENAME COLUMN titel TO title;
-- Constraint and index renames do not change what queries write.
ALTER TABLE orders RENAME CONSTRAINT orders_total_check TO orders_total_positive;
ALTER INDEX orders_customer_idx RENAME TO orders_customer_id_idx;

CREATE TABLE drafts_tmp (id bigint PRIMARY KEY);
ALTER TABLE drafts_tmp RENAME TO drafts;
ALTER INDEX orders_customer_idx RENAME TO orders_customer_id_idx;
ALTER TABLE orders RENAME COLUMN notes TO remarks;

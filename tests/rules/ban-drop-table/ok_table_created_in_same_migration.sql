CREATE TABLE import_batch (id bigint, payload jsonb);
CREATE TABLE shop.import_rows AS SELECT 1 AS id;
DROP TABLE import_batch, shop.import_rows;
-- Views and indexes are not tables.
DROP VIEW IF EXISTS order_summaries;
DROP INDEX IF EXISTS orders_tmp_idx;

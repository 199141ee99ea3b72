CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint NOT NULL);
CREATE INDEX invoices_order_id_idx ON invoices (order_id);
REINDEX TABLE invoices;
REINDEX INDEX invoices_order_id_idx;
CREATE INDEX orders_tmp_idx ON shop.orders (id);
REINDEX INDEX shop.orders_tmp_idx;

-- pg-version: 14.2
-- Plain builds do not have the bug (require-concurrent-index-creation covers their locks).
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
REINDEX INDEX orders_placed_at_idx;
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX CONCURRENTLY invoices_order_id_idx ON invoices (order_id);

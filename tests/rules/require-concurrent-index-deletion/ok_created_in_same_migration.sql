-- Indexes created earlier in this migration are new: nobody uses them yet.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint NOT NULL);
CREATE INDEX invoices_order_id_idx ON invoices (order_id);
CREATE INDEX orders_tmp_idx ON shop.orders (id);
DROP INDEX invoices_order_id_idx, shop.orders_tmp_idx;

-- Renamed after creation: the new name is still a new index.
CREATE INDEX build_idx ON orders (placed_at);
ALTER INDEX build_idx RENAME TO orders_placed_at_idx2;
DROP INDEX IF EXISTS orders_placed_at_idx2;

-- Other DROP statements are not this rule's business.
DROP TABLE IF EXISTS old_stuff;

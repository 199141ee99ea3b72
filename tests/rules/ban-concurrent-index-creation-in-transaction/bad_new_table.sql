-- A new table does not help: the statement fails in a transaction block whatever the table.
CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id bigint NOT NULL);
CREATE INDEX CONCURRENTLY invoices_order_id_idx ON invoices (order_id); -- expect: ban-concurrent-index-creation-in-transaction

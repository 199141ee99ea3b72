-- Statements that may run in a transaction block: another rule's business, not this one's.
CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id bigint NOT NULL);
CREATE INDEX invoices_order_id_idx ON invoices (order_id);
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'delivered';

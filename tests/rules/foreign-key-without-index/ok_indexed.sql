CREATE TABLE customers (id bigint PRIMARY KEY);
-- The primary key starts with the referencing column.
CREATE TABLE customer_settings (customer_id bigint PRIMARY KEY REFERENCES customers (id), theme text);
-- An index created later in the same file counts.
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
-- A unique constraint on (a, b) serves a foreign key on (b, a).
CREATE TABLE order_lines (order_id bigint, line int, UNIQUE (order_id, line),
    FOREIGN KEY (line, order_id) REFERENCES order_lines (order_id, line));

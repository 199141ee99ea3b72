CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, placed_by bigint);
CREATE INDEX orders_placed_by_idx ON orders (placed_by, id);

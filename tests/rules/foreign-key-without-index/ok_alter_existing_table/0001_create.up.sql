CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
-- A partial index does not serve every lookup.
CREATE INDEX orders_recent_customer_idx ON orders (customer_id) WHERE id > 1000;
CREATE INDEX orders_customer_id_placed_idx ON orders (customer_id, id);

CREATE TABLE orders (id bigint PRIMARY KEY, total_cents bigint, customer_id bigint);
CREATE TABLE customers (id bigint PRIMARY KEY);

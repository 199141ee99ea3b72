CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (
    id          bigint PRIMARY KEY,
    customer_id bigint REFERENCES customers (id), -- expect: foreign-key-without-index
    approved_by bigint,
    CONSTRAINT orders_approved_by_fkey FOREIGN KEY (approved_by) REFERENCES customers (id) -- expect: foreign-key-without-index
);

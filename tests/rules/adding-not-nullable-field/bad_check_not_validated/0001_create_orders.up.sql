CREATE TABLE orders (id bigint PRIMARY KEY, currency text);

-- pg-version: 14.3
-- The help advises upgrading before building concurrently.
CREATE INDEX orders_customer_id_idx ON orders (customer_id); -- expect: require-concurrent-index-creation

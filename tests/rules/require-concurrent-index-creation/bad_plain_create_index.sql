-- An index on a table that an earlier migration created.
CREATE INDEX orders_customer_id_idx ON orders (customer_id); -- expect: require-concurrent-index-creation

CREATE UNIQUE INDEX IF NOT EXISTS users_email_key -- expect: require-concurrent-index-creation
    ON shop.users (lower(email));

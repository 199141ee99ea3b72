SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX customers_email_idx ON customers (email);

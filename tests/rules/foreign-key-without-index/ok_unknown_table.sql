-- The catalog has never seen orders: it cannot tell whether an index exists, so it says nothing.
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;

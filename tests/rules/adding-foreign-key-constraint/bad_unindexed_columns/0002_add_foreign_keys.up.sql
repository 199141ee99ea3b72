-- The help also asks for an index on orders (customer_id), which the catalog shows is missing;
-- placed_by already leads an index.
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id); -- expect: adding-foreign-key-constraint
ALTER TABLE orders ADD CONSTRAINT orders_placed_by_fkey FOREIGN KEY (placed_by) REFERENCES customers (id); -- expect: adding-foreign-key-constraint

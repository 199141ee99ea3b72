-- Foreign keys added to tables that an earlier migration created.
ALTER TABLE orders
    ADD CONSTRAINT orders_assigned_user_id_fkey -- expect: adding-foreign-key-constraint
    FOREIGN KEY (assigned_user_id) REFERENCES users (id) ON DELETE SET NULL;

-- Unnamed, schema-qualified.
ALTER TABLE shop.order_items ADD FOREIGN KEY (product_id) REFERENCES shop.products; -- expect: adding-foreign-key-constraint

-- Self-referencing.
ALTER TABLE users ADD CONSTRAINT users_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES users (id); -- expect: adding-foreign-key-constraint

-- Several commands: only the one without NOT VALID is reported.
ALTER TABLE orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID,
    ADD CONSTRAINT orders_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id); -- expect: adding-foreign-key-constraint

-- With a default, existing rows get a value, and Postgres validates the new column's foreign key.
ALTER TABLE orders ADD COLUMN channel_id bigint NOT NULL DEFAULT 1 REFERENCES channels (id); -- expect: adding-foreign-key-constraint

-- Even DEFAULT NULL makes Postgres validate (and scan).
ALTER TABLE orders
    ADD COLUMN warehouse_id bigint DEFAULT NULL
        CONSTRAINT orders_warehouse_id_fkey REFERENCES warehouses (id); -- expect: adding-foreign-key-constraint

ALTER TABLE order_items
    ADD COLUMN order_tenant_id bigint GENERATED ALWAYS AS (tenant_id) STORED REFERENCES tenants (id); -- expect: adding-foreign-key-constraint

-- REFERENCES in CREATE TABLE: no rows to check, a brief lock on the referenced table.
CREATE TABLE invoices (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id  bigint NOT NULL REFERENCES orders (id),
    tenant_id bigint NOT NULL
);
ALTER TABLE invoices ADD CONSTRAINT invoices_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id);
ALTER TABLE invoices ADD COLUMN customer_id bigint NOT NULL DEFAULT 0 REFERENCES customers (id);

-- Add customers: the shoppers who place orders in a tenant's storefront.

CREATE TABLE IF NOT EXISTS customers (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id         bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email             text        NOT NULL,
    full_name         text,
    shipping_address  jsonb,
    marketing_opt_in  boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customers_tenant_id_email_key UNIQUE (tenant_id, email)
);

-- Add the product catalogue (books and merchandise), one catalogue per tenant.
-- Format-specific details (page count, binding, ...) live in the attributes jsonb.

CREATE TABLE IF NOT EXISTS products (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    sku          text        NOT NULL,
    title        text        NOT NULL,
    author       text,
    isbn         text,
    price_cents  bigint      NOT NULL CHECK (price_cents >= 0),
    currency     text        NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
    attributes   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT products_tenant_id_sku_key UNIQUE (tenant_id, sku)
);

-- The table is new and empty, so a plain CREATE INDEX is fine here.
CREATE INDEX IF NOT EXISTS products_tenant_id_isbn_idx ON products (tenant_id, isbn) WHERE isbn IS NOT NULL;

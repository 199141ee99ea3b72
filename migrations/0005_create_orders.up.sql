-- Add orders and their line items, with the order lifecycle as an enum.

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');

CREATE TABLE IF NOT EXISTS orders (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    bigint       NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    customer_id  bigint       NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
    status       order_status NOT NULL DEFAULT 'pending',
    total_cents  bigint       NOT NULL DEFAULT 0,
    currency     text         NOT NULL DEFAULT 'EUR',
    placed_at    timestamptz  NOT NULL DEFAULT now(),
    paid_at      timestamptz,
    shipped_at   timestamptz,
    updated_at   timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS order_items (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id          bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id        bigint NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    quantity          integer NOT NULL CHECK (quantity > 0),
    unit_price_cents  bigint NOT NULL CHECK (unit_price_cents >= 0)
);

-- Both tables are new and empty, so plain CREATE INDEX is fine here.
CREATE INDEX IF NOT EXISTS orders_tenant_id_status_placed_at_idx ON orders (tenant_id, status, placed_at DESC);
CREATE INDEX IF NOT EXISTS order_items_order_id_idx ON order_items (order_id);

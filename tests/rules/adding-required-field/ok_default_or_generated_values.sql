-- Every existing row gets a value, so NOT NULL holds from the start.
ALTER TABLE orders ADD COLUMN is_gift boolean NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN source text NOT NULL DEFAULT 'web';
ALTER TABLE orders ADD COLUMN imported_at timestamptz DEFAULT now() NOT NULL;

-- Generated values: identity, stored generated and serial columns (their table rewrite is
-- adding-field-with-volatile-default's business, not this rule's).
ALTER TABLE legacy_events ADD COLUMN event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE order_items ADD COLUMN total_cents bigint NOT NULL GENERATED ALWAYS AS (quantity * unit_price_cents) STORED;
ALTER TABLE audit_log ADD COLUMN seq bigserial NOT NULL;
ALTER TABLE audit_log ADD COLUMN legacy_id serial PRIMARY KEY;

-- Nullable columns are always fine.
ALTER TABLE customers ADD COLUMN phone text;
ALTER TABLE customers ADD COLUMN nickname text NULL;

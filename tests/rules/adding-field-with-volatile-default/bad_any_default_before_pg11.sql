-- pg-version: 10
-- Before PostgreSQL 11 there are no fast defaults: even a constant default rewrites the table.
ALTER TABLE orders ADD COLUMN is_gift boolean NOT NULL DEFAULT false; -- expect: adding-field-with-volatile-default
ALTER TABLE orders ADD COLUMN source text DEFAULT 'web'; -- expect: adding-field-with-volatile-default
ALTER TABLE orders ADD COLUMN imported_at timestamptz DEFAULT now(); -- expect: adding-field-with-volatile-default
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid(); -- expect: adding-field-with-volatile-default

-- No default, or DEFAULT NULL, stores nothing in the rows: no rewrite, on any version.
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ADD COLUMN gift_message text DEFAULT NULL;

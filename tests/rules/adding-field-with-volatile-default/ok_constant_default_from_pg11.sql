-- pg-version: 11
-- From PostgreSQL 11 a non-volatile default is stored once in the catalog: no rewrite.
ALTER TABLE orders ADD COLUMN is_gift boolean NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN source text DEFAULT 'web';
ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT -1;
ALTER TABLE orders ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE orders ADD COLUMN tags text[] NOT NULL DEFAULT ARRAY[]::text[];
ALTER TABLE orders ADD COLUMN gift_message text DEFAULT NULL;

-- Stable and immutable functions are evaluated once, when the column is added.
ALTER TABLE orders ADD COLUMN imported_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE orders ADD COLUMN synced_at timestamptz DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE orders ADD COLUMN booked_on date DEFAULT CURRENT_DATE;
ALTER TABLE orders ADD COLUMN checked_at timestamptz DEFAULT statement_timestamp();
ALTER TABLE orders ADD COLUMN batch_started_at timestamptz DEFAULT pg_catalog.transaction_timestamp();
ALTER TABLE orders ADD COLUMN booked_day timestamptz DEFAULT date_trunc('day', now() AT TIME ZONE 'UTC');
ALTER TABLE orders ADD COLUMN expires_at timestamptz DEFAULT now() + interval '30 days';
ALTER TABLE orders ADD COLUMN created_by text DEFAULT CURRENT_USER;
ALTER TABLE orders ADD COLUMN options jsonb NOT NULL DEFAULT jsonb_build_object('gift_wrap', false, 'version', 2);
ALTER TABLE orders ADD COLUMN region text DEFAULT coalesce(current_setting('app.region', true), lower('EU'));
ALTER TABLE orders ADD COLUMN fiscal_year integer DEFAULT EXTRACT(year FROM CURRENT_DATE)::integer;

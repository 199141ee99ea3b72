-- Defaults that Postgres must evaluate once per existing row: each statement rewrites the table.
ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid(); -- expect: adding-field-with-volatile-default
ALTER TABLE orders ADD COLUMN legacy_id uuid DEFAULT extensions.uuid_generate_v4(); -- expect: adding-field-with-volatile-default
ALTER TABLE orders ADD COLUMN received_at timestamptz DEFAULT clock_timestamp(); -- expect: adding-field-with-volatile-default
ALTER TABLE customers ADD COLUMN ab_bucket integer DEFAULT (pg_catalog.random() * 100)::integer; -- expect: adding-field-with-volatile-default
ALTER TABLE ONLY shop.invoices ADD COLUMN invoice_no bigint DEFAULT nextval('shop.invoice_no_seq'); -- expect: adding-field-with-volatile-default

-- The volatile call may be nested anywhere in the expression; the finding points at it.
ALTER TABLE customers
    ADD COLUMN referral_code text
        DEFAULT upper(substr(md5(random()::text), 1, 8)), -- expect: adding-field-with-volatile-default
    ADD COLUMN signup_source text NOT NULL DEFAULT 'web';

-- A primary key column is implicitly NOT NULL: adding one without values fails on a non-empty table.
ALTER TABLE legacy_events ADD COLUMN event_id bigint PRIMARY KEY; -- expect: adding-required-field
ALTER TABLE legacy_payments ADD COLUMN payment_ref uuid CONSTRAINT legacy_payments_pkey PRIMARY KEY; -- expect: adding-required-field
ALTER TABLE legacy_refunds
    ADD COLUMN refund_id bigint NOT NULL PRIMARY KEY; -- expect: adding-required-field

CREATE TABLE invoices (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    amount_cents bigint NOT NULL CHECK (amount_cents >= 0)
);
ALTER TABLE invoices ADD CONSTRAINT invoices_amount_cents_small CHECK (amount_cents < 100000000);
ALTER TABLE invoices ADD COLUMN tax_cents bigint CHECK (tax_cents >= 0);

CREATE TABLE invoices (total numeric NOT NULL);
ALTER TABLE invoices ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;
-- Identity columns are adding-serial-or-identity-column's business.
ALTER TABLE orders ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
-- A generated column in a new table is computed as rows arrive.
CREATE TABLE receipts (total numeric, total_cents bigint GENERATED ALWAYS AS (total * 100) STORED);

-- Catalog-only changes, NOT VALID constraints, validation under SHARE UPDATE EXCLUSIVE.
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
CREATE TABLE regions (code text);
CREATE INDEX regions_code_idx ON regions (code);

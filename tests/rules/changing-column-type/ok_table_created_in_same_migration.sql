-- The table is created earlier in this migration: it is empty, so the rewrite costs nothing.
CREATE TABLE price_rules (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    discount integer NOT NULL,
    label    varchar(40)
);
ALTER TABLE price_rules ALTER COLUMN discount TYPE numeric(5, 2) USING discount / 100.0;
ALTER TABLE ONLY price_rules ALTER COLUMN label TYPE text, ALTER COLUMN label SET NOT NULL;

-- bigint identifiers, and integers that count or measure rather than identify.
CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id bigint REFERENCES accounts (id),
    seq bigserial,
    login_count integer NOT NULL DEFAULT 0,
    age int,
    valid_ids integer[],
    paid boolean
);
ALTER TABLE orders ADD COLUMN quantity integer NOT NULL DEFAULT 1;
ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint;
-- smallint ids are prefer-bigint-over-smallint's business.
ALTER TABLE orders ADD COLUMN region_id smallint;
-- "id" as part of a longer word is not an identifier column.
ALTER TABLE orders ADD COLUMN paid integer, ADD COLUMN valid integer;

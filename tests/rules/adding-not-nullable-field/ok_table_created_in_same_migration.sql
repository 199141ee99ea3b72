-- The table is created earlier in this migration: it is empty, so the check is instant.
CREATE TABLE gift_cards (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code    text,
    balance bigint
);
ALTER TABLE gift_cards ALTER COLUMN code SET NOT NULL;
ALTER TABLE ONLY gift_cards ALTER COLUMN balance SET NOT NULL, ALTER COLUMN balance SET DEFAULT 0;

CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    email text NOT NULL CHECK (char_length(email) <= 255),
    -- varchar without a length is text under another name.
    name varchar,
    country char(2)
);
ALTER TABLE accounts ALTER COLUMN email TYPE text;

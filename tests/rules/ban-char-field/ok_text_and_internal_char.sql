CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    country text NOT NULL CHECK (char_length(country) = 2),
    name varchar(100),
    -- The quoted "char" is Postgres's one-byte internal type, not char(n).
    kind "char" NOT NULL
);
ALTER TABLE accounts ALTER COLUMN country TYPE text;

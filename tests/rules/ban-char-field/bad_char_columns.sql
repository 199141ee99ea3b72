CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    country char(2) NOT NULL, -- expect: ban-char-field
    currency CHARACTER(3), -- expect: ban-char-field
    flag char, -- expect: ban-char-field
    codes nchar(4)[] -- expect: ban-char-field
);
ALTER TABLE accounts ADD COLUMN region bpchar(5); -- expect: ban-char-field
ALTER TABLE accounts ALTER COLUMN country TYPE character(2); -- expect: ban-char-field

CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    email varchar(255) NOT NULL, -- expect: prefer-text-field
    name character varying(100), -- expect: prefer-text-field
    tags VARCHAR(20)[] -- expect: prefer-text-field
);
ALTER TABLE accounts ADD COLUMN nickname varchar(30); -- expect: prefer-text-field
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(200); -- expect: prefer-text-field

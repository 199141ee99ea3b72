-- Identifier columns declared integer: the key, serial, identity, sequence defaults, references, *_id.
CREATE TABLE accounts (
    id integer PRIMARY KEY, -- expect: prefer-bigint-over-int
    name text NOT NULL
);
CREATE TABLE invoices (
    id serial PRIMARY KEY, -- expect: prefer-bigint-over-int
    number int4 GENERATED ALWAYS AS IDENTITY, -- expect: prefer-bigint-over-int
    legacy_no int DEFAULT nextval('invoices_legacy_seq'), -- expect: prefer-bigint-over-int
    payer integer REFERENCES accounts (id), -- expect: prefer-bigint-over-int
    account_id INTEGER NOT NULL, -- expect: prefer-bigint-over-int
    line_count integer NOT NULL DEFAULT 0
);
-- Table-level PRIMARY KEY and FOREIGN KEY name their columns.
CREATE TABLE invoice_lines (
    invoice integer NOT NULL, -- expect: prefer-bigint-over-int
    position integer NOT NULL, -- expect: prefer-bigint-over-int
    product integer NOT NULL, -- expect: prefer-bigint-over-int
    PRIMARY KEY (invoice, position),
    FOREIGN KEY (product) REFERENCES products (id)
);
ALTER TABLE orders ADD COLUMN customer_id integer; -- expect: prefer-bigint-over-int
ALTER TABLE orders ALTER COLUMN shipper_id TYPE integer; -- expect: prefer-bigint-over-int
ALTER TABLE orders ADD COLUMN legacy_seq serial4; -- expect: prefer-bigint-over-int

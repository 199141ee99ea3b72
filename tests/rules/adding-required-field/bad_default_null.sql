-- DEFAULT NULL is no default at all: existing rows still get NULL, which NOT NULL rejects.
ALTER TABLE orders ADD COLUMN channel text NOT NULL DEFAULT NULL; -- expect: adding-required-field
ALTER TABLE orders ADD COLUMN region text DEFAULT NULL::text NOT NULL; -- expect: adding-required-field

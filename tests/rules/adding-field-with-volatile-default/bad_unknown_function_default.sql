-- Functions sqlmigrate does not know: user-defined functions are VOLATILE unless declared
-- otherwise, so these may rewrite the table.
ALTER TABLE orders ADD COLUMN short_code text DEFAULT make_short_code(); -- expect: adding-field-with-volatile-default
ALTER TABLE orders ADD COLUMN ulid text NOT NULL DEFAULT app.generate_ulid(); -- expect: adding-field-with-volatile-default
-- A built-in name in another schema is someone else's function.
ALTER TABLE customers ADD COLUMN handle text DEFAULT util.lower('guest'); -- expect: adding-field-with-volatile-default

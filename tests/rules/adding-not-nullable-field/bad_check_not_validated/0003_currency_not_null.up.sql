-- The check was added NOT VALID and never validated: it proves nothing, so SET NOT NULL scans.
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL; -- expect: adding-not-nullable-field

-- pg-version: 10
-- The failure does not depend on the version; only the advice does (no fast defaults before 11).
ALTER TABLE users ADD COLUMN locale text NOT NULL; -- expect: adding-required-field

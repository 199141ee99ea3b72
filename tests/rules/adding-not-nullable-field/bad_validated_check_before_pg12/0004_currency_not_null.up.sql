-- pg-version: 11
-- Before PostgreSQL 12, SET NOT NULL scans the table even with a validated check.
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL; -- expect: adding-not-nullable-field

-- pg-version: 11
-- Before PostgreSQL 12, SET NOT NULL scans the table even when a validated CHECK proves the
-- column has no NULLs, so the CHECK-first route does not help (the advice says so).
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL; -- expect: adding-not-nullable-field

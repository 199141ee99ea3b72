-- PostgreSQL 12+ proves the column has no NULLs from the validated check: no scan.
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_currency_not_null;

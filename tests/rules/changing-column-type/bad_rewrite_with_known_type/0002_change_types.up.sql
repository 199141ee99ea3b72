-- The catalog knows each old type, and none of these changes is binary-coercible.
ALTER TABLE accounts ALTER COLUMN id TYPE bigint; -- expect: changing-column-type
ALTER TABLE accounts ALTER COLUMN handle TYPE varchar(20); -- expect: changing-column-type
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(12, 3); -- expect: changing-column-type
-- Free only when the session TimeZone is UTC (PostgreSQL 12+): a migration cannot promise that.
ALTER TABLE accounts ALTER COLUMN created_at TYPE timestamptz; -- expect: changing-column-type
ALTER TABLE accounts ALTER COLUMN code TYPE char(8); -- expect: changing-column-type

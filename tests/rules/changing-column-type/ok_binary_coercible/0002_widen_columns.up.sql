-- Each change is binary-coercible from the type that 0001 created, so Postgres only updates the
-- catalog: no rewrite, no index rebuild.
ALTER TABLE accounts ALTER COLUMN handle TYPE varchar(40);
ALTER TABLE accounts ALTER COLUMN bio TYPE text;
ALTER TABLE accounts ALTER COLUMN note TYPE varchar;
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(14, 2);
ALTER TABLE accounts ALTER COLUMN tax_rate TYPE numeric;
ALTER TABLE accounts ALTER COLUMN last_ip TYPE inet;
ALTER TABLE accounts ALTER COLUMN nickname TYPE varchar(30) USING nickname::varchar(30);

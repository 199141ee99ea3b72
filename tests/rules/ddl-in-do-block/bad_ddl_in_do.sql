DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'order_status') THEN
        CREATE TYPE order_status AS ENUM ('new', 'paid'); -- expect: ddl-in-do-block
    END IF;
END
$$;
DO $body$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'audit' LOOP
        EXECUTE format('ALTER TABLE audit.%I ADD COLUMN note text', t); -- expect: ddl-in-do-block
    END LOOP;
END
$body$;
-- A body in single quotes cannot be pointed into: the finding covers the statement.
DO 'BEGIN DROP TABLE legacy_orders; END'; -- expect: ddl-in-do-block
DO LANGUAGE plpgsql $$ BEGIN alter table orders add column note text; END $$; -- expect: ddl-in-do-block

-- Data changes and checks, with DDL words only in strings and comments: nothing the linter misses.
DO $$
DECLARE
    n bigint;
BEGIN
    -- never DROP anything here
    SELECT count(*) INTO n FROM orders WHERE status IS NULL;
    IF n > 0 THEN
        RAISE EXCEPTION 'cannot ALTER orders: % rows have no status', n;
    END IF;
    UPDATE orders SET total = 0 WHERE total IS NULL;
END
$$;
-- A function body is not run by CREATE FUNCTION.
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

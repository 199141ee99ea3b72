-- A USING expression computes a new value for every row: always a rewrite.
ALTER TABLE orders ALTER COLUMN total_cents TYPE numeric(12, 2) USING total_cents / 100.0; -- expect: changing-column-type
ALTER TABLE events ALTER COLUMN occurred_at TYPE timestamptz USING to_timestamp(occurred_at); -- expect: changing-column-type
ALTER TABLE orders
    ALTER COLUMN is_paid TYPE text -- expect: changing-column-type
    USING CASE WHEN is_paid THEN 'paid' ELSE 'pending' END;

-- USING that only casts the column itself is no different from leaving USING out: reported
-- with the same caveat as any type change.
ALTER TABLE orders ALTER COLUMN status TYPE text USING status::text; -- expect: changing-column-type

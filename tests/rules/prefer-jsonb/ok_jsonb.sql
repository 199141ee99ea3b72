CREATE TABLE events (
    id bigint PRIMARY KEY,
    payload jsonb NOT NULL,
    raw text
);
ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;
-- A json value in a query is not a json column.
SELECT '{"a": 1}'::json;

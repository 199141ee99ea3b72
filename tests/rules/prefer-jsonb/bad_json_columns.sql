CREATE TABLE events (
    id bigint PRIMARY KEY,
    payload json NOT NULL, -- expect: prefer-jsonb
    history JSON[] -- expect: prefer-jsonb
);
ALTER TABLE events ADD COLUMN meta pg_catalog.json; -- expect: prefer-jsonb
ALTER TABLE events ALTER COLUMN payload TYPE json USING payload::json; -- expect: prefer-jsonb

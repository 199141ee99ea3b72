CREATE TABLE events (
    id bigint PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    seen_at timestamp with time zone,
    precise_at timestamptz(3),
    day date,
    starts time
);
ALTER TABLE events ALTER COLUMN updated_at TYPE timestamptz;
-- A column named timestamp is not a timestamp column.
ALTER TABLE events ADD COLUMN "timestamp" text;

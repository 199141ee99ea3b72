CREATE TABLE events (
    id bigint PRIMARY KEY,
    created_at timestamp NOT NULL DEFAULT now(), -- expect: prefer-timestamptz
    seen_at timestamp without time zone, -- expect: prefer-timestamptz
    precise_at timestamp(3), -- expect: prefer-timestamptz
    reminders timestamp[] -- expect: prefer-timestamptz
);
ALTER TABLE events ADD COLUMN archived_at TIMESTAMP; -- expect: prefer-timestamptz
-- Changing a timestamptz column back is reported too.
ALTER TABLE events ALTER COLUMN updated_at TYPE timestamp USING updated_at AT TIME ZONE 'UTC'; -- expect: prefer-timestamptz

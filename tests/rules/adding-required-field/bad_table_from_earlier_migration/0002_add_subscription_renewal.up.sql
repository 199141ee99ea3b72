-- A later migration: by the time it runs, subscriptions may hold rows.
ALTER TABLE subscriptions ADD COLUMN renews_at timestamptz NOT NULL; -- expect: adding-required-field

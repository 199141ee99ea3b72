CREATE TABLE subscriptions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now()
);
-- Still the creating migration: the table is empty, so this is fine.
ALTER TABLE subscriptions ADD COLUMN plan text NOT NULL;

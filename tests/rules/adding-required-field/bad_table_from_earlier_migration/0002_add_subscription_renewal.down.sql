ALTER TABLE subscriptions DROP COLUMN renews_at;

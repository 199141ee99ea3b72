-- Names over 63 bytes are truncated silently (Postgres only raises a NOTICE).
CREATE TABLE customer_subscription_renewal_reminder_notifications_sent_history ( -- expect: identifier-too-long
    id bigint PRIMARY KEY,
    number_of_reminder_notifications_sent_before_the_renewal_deadlin integer NOT NULL DEFAULT 0 -- expect: identifier-too-long
);
CREATE INDEX customer_subscription_renewal_reminder_notifications_sent_at_idx -- expect: identifier-too-long
    ON subscriptions (renewed_at);
ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_renewal_reminder_notification_count_is_not_negative -- expect: identifier-too-long
    CHECK (reminder_count >= 0);
ALTER TABLE subscriptions RENAME TO CUSTOMER_SUBSCRIPTION_RENEWAL_REMINDER_NOTIFICATIONS_SENT_HISTORY; -- expect: identifier-too-long
-- Bytes count, not characters: 32 two-byte letters and a suffix make 70 bytes.
CREATE TABLE "éééééééééééééééééééééééééééééééé_table" (id bigint); -- expect: identifier-too-long

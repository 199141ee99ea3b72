-- Exactly 63 bytes fits.
CREATE TABLE subscription_renewal_reminder_notifications_sent_history_by_day (id bigint PRIMARY KEY);
-- Referring to a long name that an earlier migration defined is not where it can be fixed.
ALTER TABLE customer_subscription_renewal_reminder_notifications_sent_history ADD COLUMN note text;
INSERT INTO customer_subscription_renewal_reminder_notifications_sent_history (id) VALUES (1);
-- A long string or comment is not a name: 'customer_subscription_renewal_reminder_notifications_sent_history_customer_subscription_renewal_reminder_notifications_sent_history'
COMMENT ON TABLE subscriptions IS 'customer_subscription_renewal_reminder_notifications_sent_historycustomer_subscription_renewal_reminder_notifications_sent_history';

-- sqlmigrate:no-transaction
-- Add the 'delivered' order status, between 'shipped' and 'cancelled'.
-- Runs outside a transaction: a value added to an enum inside a transaction
-- cannot be used until that transaction commits.

ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'delivered' AFTER 'shipped';

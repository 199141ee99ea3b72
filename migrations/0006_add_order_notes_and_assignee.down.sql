-- Remove the constraints and columns added to orders in
-- 0006_add_order_notes_and_assignee.up.sql, in reverse order.

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_total_cents_nonnegative;
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_assigned_user_id_fkey;

ALTER TABLE orders DROP COLUMN IF EXISTS assigned_user_id;
ALTER TABLE orders DROP COLUMN IF EXISTS is_archived;
ALTER TABLE orders DROP COLUMN IF EXISTS notes;

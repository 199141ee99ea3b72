-- Validate the foreign key and CHECK added NOT VALID in
-- 0006_add_order_notes_and_assignee. VALIDATE CONSTRAINT only takes a
-- SHARE UPDATE EXCLUSIVE lock, so reads and writes continue during the scan.

ALTER TABLE orders VALIDATE CONSTRAINT orders_assigned_user_id_fkey;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_cents_nonnegative;

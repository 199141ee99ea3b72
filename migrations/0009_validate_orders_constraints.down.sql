-- Return the two orders constraints to their NOT VALID state (as left by
-- 0006_add_order_notes_and_assignee): Postgres has no "unvalidate", so drop
-- each constraint and add it back NOT VALID, in reverse order.

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_total_cents_nonnegative;
ALTER TABLE orders
    ADD CONSTRAINT orders_total_cents_nonnegative
    CHECK (total_cents >= 0)
    NOT VALID;

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_assigned_user_id_fkey;
ALTER TABLE orders
    ADD CONSTRAINT orders_assigned_user_id_fkey
    FOREIGN KEY (assigned_user_id) REFERENCES users (id) ON DELETE SET NULL
    NOT VALID;

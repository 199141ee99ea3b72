-- Add internal notes, an archive flag and an assigned staff member to orders,
-- plus a non-negative total check.
-- orders already holds data, so:
--   * new columns are nullable or have a constant default (no table rewrite);
--   * the foreign key and the CHECK are added NOT VALID (no full-table scan
--     under lock); existing rows are validated in 0009_validate_orders_constraints.

ALTER TABLE orders ADD COLUMN IF NOT EXISTS notes text;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS is_archived boolean NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS assigned_user_id bigint;

-- sqlmigrate:ignore holding-access-exclusive-across-statements -- users is small and the runner's lock_timeout bounds the wait
ALTER TABLE orders
    ADD CONSTRAINT orders_assigned_user_id_fkey
    FOREIGN KEY (assigned_user_id) REFERENCES users (id) ON DELETE SET NULL
    NOT VALID;

ALTER TABLE orders
    ADD CONSTRAINT orders_total_cents_nonnegative
    CHECK (total_cents >= 0)
    NOT VALID;

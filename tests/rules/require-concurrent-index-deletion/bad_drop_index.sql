-- Indexes that earlier migrations created.
DROP INDEX orders_customer_id_idx; -- expect: require-concurrent-index-deletion

DROP INDEX IF EXISTS shop.users_email_key; -- expect: require-concurrent-index-deletion

-- Several indexes and CASCADE: CONCURRENTLY allows neither, the help says so.
DROP INDEX orders_placed_at_idx, orders_status_idx CASCADE; -- expect: require-concurrent-index-deletion

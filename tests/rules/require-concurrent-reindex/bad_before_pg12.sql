-- pg-version: 11
-- No REINDEX CONCURRENTLY before 12: the help suggests building a replacement instead.
REINDEX INDEX orders_customer_id_idx; -- expect: require-concurrent-reindex
-- And REINDEX CONCURRENTLY there fails outright.
REINDEX INDEX CONCURRENTLY orders_placed_at_idx; -- expect: require-concurrent-reindex

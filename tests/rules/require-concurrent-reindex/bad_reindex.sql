REINDEX INDEX orders_customer_id_idx; -- expect: require-concurrent-reindex
REINDEX TABLE shop.orders; -- expect: require-concurrent-reindex
REINDEX (VERBOSE) TABLE orders; -- expect: require-concurrent-reindex
REINDEX (CONCURRENTLY false) INDEX orders_placed_at_idx; -- expect: require-concurrent-reindex
REINDEX SCHEMA shop; -- expect: require-concurrent-reindex
REINDEX DATABASE app; -- expect: require-concurrent-reindex

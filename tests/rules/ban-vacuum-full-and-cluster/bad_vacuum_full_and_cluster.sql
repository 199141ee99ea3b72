-- sqlmigrate:no-transaction
VACUUM FULL orders; -- expect: ban-vacuum-full-and-cluster
VACUUM (FULL, ANALYZE) shop.orders, shop.order_items; -- expect: ban-vacuum-full-and-cluster
VACUUM FULL; -- expect: ban-vacuum-full-and-cluster
CLUSTER orders USING orders_placed_at_idx; -- expect: ban-vacuum-full-and-cluster
CLUSTER shop.orders; -- expect: ban-vacuum-full-and-cluster
CLUSTER; -- expect: ban-vacuum-full-and-cluster

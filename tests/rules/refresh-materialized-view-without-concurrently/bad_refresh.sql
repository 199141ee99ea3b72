REFRESH MATERIALIZED VIEW order_totals; -- expect: refresh-materialized-view-without-concurrently
REFRESH MATERIALIZED VIEW shop.daily_sales WITH DATA; -- expect: refresh-materialized-view-without-concurrently

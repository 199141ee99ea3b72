REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;
-- WITH NO DATA empties the view on purpose and cannot be concurrent.
REFRESH MATERIALIZED VIEW shop.daily_sales WITH NO DATA;
CREATE MATERIALIZED VIEW customer_counts AS SELECT 1 AS n WITH NO DATA;
REFRESH MATERIALIZED VIEW customer_counts;

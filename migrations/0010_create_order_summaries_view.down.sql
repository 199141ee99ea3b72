-- Remove the order_summaries view created in 0010_create_order_summaries_view.up.sql.

DROP VIEW IF EXISTS order_summaries;

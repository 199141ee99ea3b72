-- Add the order_summaries view used by the back-office order list:
-- one row per order with its customer and line-item totals.

CREATE OR REPLACE VIEW order_summaries AS
SELECT
    o.id                                                  AS order_id,
    o.tenant_id,
    o.status,
    o.placed_at,
    o.assigned_user_id,
    c.id                                                  AS customer_id,
    c.email                                               AS customer_email,
    c.full_name                                           AS customer_name,
    count(oi.id)                                          AS item_count,
    coalesce(sum(oi.quantity), 0)                         AS unit_count,
    coalesce(sum(oi.quantity * oi.unit_price_cents), 0)   AS items_total_cents,
    o.total_cents,
    o.currency
FROM orders o
JOIN customers c ON c.id = o.customer_id
LEFT JOIN order_items oi ON oi.order_id = o.id
WHERE NOT o.is_archived
GROUP BY o.id, c.id;

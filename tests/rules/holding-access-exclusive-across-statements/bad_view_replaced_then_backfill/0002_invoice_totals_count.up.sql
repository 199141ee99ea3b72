-- The view exists since 0001: replacing it takes ACCESS EXCLUSIVE on a view queries use, and the
-- UPDATE after it keeps that lock while it rewrites every invoice.
CREATE OR REPLACE VIEW invoice_totals AS
    SELECT customer_id, sum(total_cents) AS total_cents, count(*) AS invoices FROM invoices GROUP BY customer_id;
UPDATE invoices SET total_cents = total_cents; -- expect: holding-access-exclusive-across-statements

DROP VIEW big_invoices;
DROP VIEW invoice_totals;
DROP TABLE invoices;

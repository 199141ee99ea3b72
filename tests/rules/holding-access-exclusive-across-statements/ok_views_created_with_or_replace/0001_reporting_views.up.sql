-- A baseline that creates its views with CREATE OR REPLACE: the views are new, nobody can be
-- waiting on them, so the statements after them block nothing.
CREATE TABLE invoices (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL,
    total_cents bigint NOT NULL
);
CREATE OR REPLACE VIEW invoice_totals AS
    SELECT customer_id, sum(total_cents) AS total_cents FROM invoices GROUP BY customer_id;
CREATE OR REPLACE VIEW big_invoices AS
    SELECT id, customer_id FROM invoices WHERE total_cents > 100000;
INSERT INTO invoices (customer_id, total_cents) VALUES (1, 250000);

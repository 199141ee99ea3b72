-- Each of these fails when the migration is deployed.
UPDATE accounts SET status = 'active', status = 'closed'; -- expect: ban-duplicate-column-assignments
UPDATE accounts SET (plan, seats) = ('pro', 5),
    plan = 'team'; -- expect: ban-duplicate-column-assignments
INSERT INTO accounts (id, email, email) VALUES (1, 'a@example.com', 'b@example.com'); -- expect: ban-duplicate-column-assignments
INSERT INTO accounts (id, email) VALUES (1, 'a@example.com')
    ON CONFLICT (id) DO UPDATE SET email = excluded.email, email = 'x'; -- expect: ban-duplicate-column-assignments
CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    total numeric NOT NULL,
    total numeric -- expect: ban-duplicate-column-assignments
);
ALTER TABLE accounts ADD COLUMN plan text, ADD COLUMN plan text NOT NULL DEFAULT 'free'; -- expect: ban-duplicate-column-assignments
ALTER TABLE accounts ALTER COLUMN seats TYPE bigint, ALTER COLUMN seats TYPE numeric; -- expect: ban-duplicate-column-assignments
ALTER TABLE accounts DROP COLUMN legacy, DROP COLUMN legacy; -- expect: ban-duplicate-column-assignments

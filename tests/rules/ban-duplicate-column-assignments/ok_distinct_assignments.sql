UPDATE accounts SET status = 'active', plan = 'pro';
-- Different elements or fields of one column combine.
UPDATE accounts SET tags[1] = 'a', tags[2] = 'b';
UPDATE accounts SET address.city = 'Oslo', address.zip = '0150';
INSERT INTO accounts (id, email) VALUES (1, 'a@example.com') ON CONFLICT (id) DO UPDATE SET email = excluded.email;
-- Different properties of one column, or the same property of different columns.
ALTER TABLE accounts
    ALTER COLUMN plan SET DEFAULT 'free',
    ALTER COLUMN plan SET NOT NULL,
    ALTER COLUMN seats SET DEFAULT 1,
    ADD COLUMN tier text;
CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric, CHECK (total >= 0), UNIQUE (id, total));
CREATE INDEX invoices_total_total_idx ON invoices (total, total);

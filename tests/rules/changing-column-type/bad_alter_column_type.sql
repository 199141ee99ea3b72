-- Type changes on tables that earlier migrations created.
ALTER TABLE orders ALTER COLUMN total_cents TYPE numeric(14, 2); -- expect: changing-column-type
ALTER TABLE ONLY shop.customers ALTER email SET DATA TYPE citext; -- expect: changing-column-type

-- Without the old type sqlmigrate cannot prove a change cheap, so even a widening that
-- Postgres does without a rewrite (varchar(n) to text) is reported; ignore it with a reason.
ALTER TABLE products ALTER COLUMN title TYPE text; -- expect: changing-column-type

-- One finding per command, at the column it changes.
ALTER TABLE order_items
    ALTER COLUMN quantity TYPE bigint, -- expect: changing-column-type
    ALTER COLUMN "unitPrice" TYPE numeric(12, 2), -- expect: changing-column-type
    ALTER COLUMN quantity SET DEFAULT 1;

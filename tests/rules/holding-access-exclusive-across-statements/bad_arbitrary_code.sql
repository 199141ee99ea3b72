ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
-- Arbitrary code.
DO $$ BEGIN PERFORM 1; END $$; -- expect: holding-access-exclusive-across-statements

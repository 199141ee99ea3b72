-- Postgres accepts these and keeps only one of the two; which one is not the order written.
ALTER TABLE accounts ALTER COLUMN plan SET DEFAULT 'free', ALTER COLUMN plan DROP DEFAULT; -- expect: ban-duplicate-column-assignments
ALTER TABLE accounts -- expect: ban-duplicate-column-assignments
    ALTER COLUMN email SET NOT NULL,
    ALTER COLUMN email DROP NOT NULL;
ALTER TABLE accounts ALTER COLUMN bio SET STORAGE EXTERNAL, ALTER COLUMN bio SET STORAGE MAIN; -- expect: ban-duplicate-column-assignments
ALTER TABLE accounts ALTER COLUMN email SET STATISTICS 100, ALTER COLUMN email SET STATISTICS 500; -- expect: ban-duplicate-column-assignments
-- With IF NOT EXISTS the second ADD COLUMN is skipped, and its NOT NULL and default with it.
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS tier text,
    ADD COLUMN IF NOT EXISTS tier text NOT NULL DEFAULT 'basic'; -- expect: ban-duplicate-column-assignments

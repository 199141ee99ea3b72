-- pg-version: 11
-- Before Postgres 12, ALTER TYPE ... ADD VALUE cannot run in a transaction block, and a migration
-- of one such statement runs in a transaction.
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'delivered' AFTER 'shipped'; -- expect: ban-concurrent-index-creation-in-transaction

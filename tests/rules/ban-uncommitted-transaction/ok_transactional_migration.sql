-- In a migration that runs as one transaction, a stray BEGIN is transaction-nesting's business.
BEGIN;
ALTER TABLE orders ADD COLUMN note text;

-- A SET before the index is a second statement, so the migration is transactional.
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY orders_placed_at_idx ON orders (placed_at); -- expect: ban-concurrent-index-creation-in-transaction

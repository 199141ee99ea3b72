-- sqlmigrate:no-transaction
-- pg-version: 13
-- DETACH ... CONCURRENTLY does not exist before 14: the migration would fail.
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY; -- expect: require-concurrent-partition-detach

-- pg-version: 11
-- Before PostgreSQL 12 the parent is locked ACCESS EXCLUSIVE too.
ALTER TABLE measurements ATTACH PARTITION measurements_2019 FOR VALUES FROM ('2019-01-01') TO ('2020-01-01'); -- expect: attaching-partition-without-check

ALTER TABLE measurements ATTACH PARTITION measurements_2024 -- expect: attaching-partition-without-check
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- A CHECK added NOT VALID and never validated does not let Postgres skip the scan.
ALTER TABLE events_2023 ADD CONSTRAINT events_2023_bound
    CHECK (at IS NOT NULL AND at >= '2023-01-01' AND at < '2024-01-01') NOT VALID;
ALTER TABLE events ATTACH PARTITION events_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01'); -- expect: attaching-partition-without-check
-- A validated CHECK on another table does not help either.
ALTER TABLE logs_eu ADD CONSTRAINT logs_eu_bound CHECK (region IS NOT NULL AND region = 'eu');
ALTER TABLE logs ATTACH PARTITION shop.logs_us FOR VALUES IN ('us'); -- expect: attaching-partition-without-check

-- sqlmigrate:no-transaction
ALTER TABLE measurements_2024 ADD CONSTRAINT measurements_2024_bound
    CHECK (taken_at IS NOT NULL AND taken_at >= '2024-01-01' AND taken_at < '2025-01-01') NOT VALID;
ALTER TABLE measurements_2024 VALIDATE CONSTRAINT measurements_2024_bound;
ALTER TABLE measurements ATTACH PARTITION measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE measurements_2024 DROP CONSTRAINT measurements_2024_bound;
-- A CHECK added without NOT VALID is validated at once.
ALTER TABLE logs_eu ADD CONSTRAINT logs_eu_bound CHECK (region IS NOT NULL AND region = 'eu');
ALTER TABLE logs ATTACH PARTITION logs_eu FOR VALUES IN ('eu');
-- A table created in this migration is new.
CREATE TABLE measurements_2025 (LIKE measurements);
ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- DETACH is another rule's business.
ALTER TABLE measurements DETACH PARTITION measurements_2020;

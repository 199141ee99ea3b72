CREATE TABLE readings (at timestamptz NOT NULL, value double precision) PARTITION BY RANGE (at);
CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE readings DETACH PARTITION readings_2024;

-- pg-version: 14
ALTER TABLE events DETACH PARTITION events_2020; -- expect: require-concurrent-partition-detach

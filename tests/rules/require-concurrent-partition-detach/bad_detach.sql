ALTER TABLE events DETACH PARTITION events_2020; -- expect: require-concurrent-partition-detach
ALTER TABLE shop.measurements -- expect: require-concurrent-partition-detach
    DETACH PARTITION shop.measurements_2019;

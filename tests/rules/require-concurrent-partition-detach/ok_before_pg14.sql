-- pg-version: 13
-- Before Postgres 14 there is no concurrent detach: nothing better to suggest.
ALTER TABLE events DETACH PARTITION events_2020;

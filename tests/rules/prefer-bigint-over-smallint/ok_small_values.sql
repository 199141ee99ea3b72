-- smallint for small measures is fine; integer ids are prefer-bigint-over-int's business.
CREATE TABLE stores (
    id bigint PRIMARY KEY,
    floor smallint,
    priority smallint NOT NULL DEFAULT 0,
    region_id integer
);
ALTER TABLE orders ADD COLUMN rating smallint;

-- expect-file: down-migration-incomplete
CREATE TYPE shipping_speed AS ENUM ('standard', 'express');
CREATE TABLE shipments (id bigint PRIMARY KEY, speed shipping_speed NOT NULL);
CREATE INDEX shipments_speed_idx ON shipments (speed);
ALTER TABLE orders ADD COLUMN shipment_id bigint;
CREATE INDEX orders_shipment_id_idx ON orders (shipment_id);

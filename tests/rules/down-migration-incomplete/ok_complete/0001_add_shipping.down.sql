-- DROP TABLE covers the table's own index; DROP COLUMN would cover orders_shipment_id_idx too, but
-- dropping it by name is fine.
DROP INDEX orders_shipment_id_idx;
ALTER TABLE orders DROP COLUMN shipment_id;
DROP TABLE shipments;
DROP TYPE shipping_speed;

-- pg-version: 11
-- Postgres 11 allows ADD VALUE in a transaction block when the enum type was created in it; renaming a
-- value was never restricted.
CREATE TYPE shipment_status AS ENUM ('pending', 'sent');
ALTER TYPE shipment_status ADD VALUE 'delivered';
ALTER TYPE order_status RENAME VALUE 'cancelled' TO 'canceled';

ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'on_hold' BEFORE 'shipped';
ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';
-- A new type lists its values in order.
CREATE TYPE payment_state AS ENUM ('pending', 'settled', 'refunded');

ALTER TYPE order_status ADD VALUE 'refunded'; -- expect: require-enum-value-ordering
ALTER TYPE shop.order_status ADD VALUE IF NOT EXISTS 'on_hold'; -- expect: require-enum-value-ordering

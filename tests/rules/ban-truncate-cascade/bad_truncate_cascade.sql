TRUNCATE orders CASCADE; -- expect: ban-truncate-cascade
TRUNCATE TABLE shop.carts, shop.cart_items RESTART IDENTITY CASCADE; -- expect: ban-truncate-cascade
-- One new table is not enough: the old one may be referenced by any table.
CREATE TABLE staging (id int);
TRUNCATE staging, customers CASCADE; -- expect: ban-truncate-cascade

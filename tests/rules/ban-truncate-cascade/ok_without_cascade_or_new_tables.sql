TRUNCATE orders, order_items;
TRUNCATE TABLE shop.carts RESTRICT;
CREATE TABLE staging (id int PRIMARY KEY);
CREATE TABLE staging_rows (staging_id int REFERENCES staging);
TRUNCATE staging CASCADE;

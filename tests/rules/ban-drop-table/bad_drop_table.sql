DROP TABLE orders; -- expect: ban-drop-table
DROP TABLE IF EXISTS shop.legacy_users CASCADE; -- expect: ban-drop-table
-- A new table and an old one in one statement: reported for the old one.
CREATE TABLE scratch (id int);
DROP TABLE scratch, audit.events; -- expect: ban-drop-table

-- sqlmigrate:no-transaction
VACUUM orders;
VACUUM (ANALYZE, FULL false) orders;
VACUUM (VERBOSE) shop.orders;
ANALYZE orders;
CREATE TABLE staging (id int PRIMARY KEY);
VACUUM FULL staging;
CLUSTER staging USING staging_pkey;

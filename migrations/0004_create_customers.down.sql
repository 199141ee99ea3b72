-- Remove the customers table created in 0004_create_customers.up.sql.

DROP TABLE IF EXISTS customers;

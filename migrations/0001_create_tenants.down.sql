-- Remove the tenants table created in 0001_create_tenants.up.sql.

DROP TABLE IF EXISTS tenants;

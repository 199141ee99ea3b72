-- Remove the products table (and its index) created in 0003_create_products.up.sql.

DROP INDEX IF EXISTS products_tenant_id_isbn_idx;
DROP TABLE IF EXISTS products;

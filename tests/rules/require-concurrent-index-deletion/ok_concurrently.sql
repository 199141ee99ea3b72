-- sqlmigrate:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;
DROP INDEX CONCURRENTLY shop.users_email_key;

-- sqlmigrate:no-transaction
-- pg-version: 12
REINDEX INDEX CONCURRENTLY orders_customer_id_idx;
REINDEX TABLE CONCURRENTLY shop.orders;
REINDEX (CONCURRENTLY) SCHEMA shop;
REINDEX (VERBOSE, CONCURRENTLY true) DATABASE app;
-- System catalogs cannot be reindexed concurrently at all.
REINDEX SYSTEM app;

-- sqlmigrate:no-transaction
CREATE DATABASE scratch_check;
DROP DATABASE scratch_check;
DROP SCHEMA IF EXISTS scratch CASCADE;

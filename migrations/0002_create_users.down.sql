-- Remove the users table and the user_role enum created in 0002_create_users.up.sql.

DROP TABLE IF EXISTS users;
DROP TYPE IF EXISTS user_role;

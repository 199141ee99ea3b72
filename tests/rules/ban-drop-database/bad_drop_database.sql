-- sqlmigrate:no-transaction
DROP DATABASE analytics; -- expect: ban-drop-database
DROP DATABASE IF EXISTS "Legacy" WITH (FORCE); -- expect: ban-drop-database

-- A lone .sql file outside the <version>_<name>.up.sql layout is not expected to have a down file.
CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);

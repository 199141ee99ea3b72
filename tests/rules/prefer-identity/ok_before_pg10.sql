-- pg-version: 9
-- Identity columns do not exist before PostgreSQL 10: serial is the only choice there.
CREATE TABLE accounts (id bigserial PRIMARY KEY);

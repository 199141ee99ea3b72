CREATE TABLE audit_entries (id bigint, body text);
ALTER TABLE audit_entries ADD PRIMARY KEY (id);

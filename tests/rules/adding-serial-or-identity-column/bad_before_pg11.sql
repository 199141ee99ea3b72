-- pg-version: 10
ALTER TABLE audit_log ADD COLUMN seq bigserial; -- expect: adding-serial-or-identity-column
ALTER TABLE audit_log ADD COLUMN n serial8, ADD COLUMN m smallserial; -- expect: adding-serial-or-identity-column, adding-serial-or-identity-column

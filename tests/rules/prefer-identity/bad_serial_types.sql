CREATE TABLE accounts (
    id bigserial PRIMARY KEY, -- expect: prefer-identity
    legacy_no serial, -- expect: prefer-identity
    region serial2, -- expect: prefer-identity
    sort_key SMALLSERIAL -- expect: prefer-identity
);
ALTER TABLE orders ADD COLUMN seq serial8; -- expect: prefer-identity

-- Add staff users: the people who log in to a tenant's back office,
-- with their role as an enum.

CREATE TYPE user_role AS ENUM ('owner', 'admin', 'staff');

CREATE TABLE IF NOT EXISTS users (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email          text        NOT NULL,
    full_name      text        NOT NULL,
    role           user_role   NOT NULL DEFAULT 'staff',
    last_login_at  timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_tenant_id_email_key UNIQUE (tenant_id, email)
);

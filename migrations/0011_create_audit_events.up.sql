-- Add an append-only audit log of who changed what in a tenant's back office.
-- The before/after snapshot of the changed row is kept in the payload jsonb.

CREATE TABLE IF NOT EXISTS audit_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    actor_user_id  bigint      REFERENCES users (id) ON DELETE SET NULL,
    action         text        NOT NULL,
    entity_type    text        NOT NULL,
    entity_id      bigint      NOT NULL,
    payload        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at    timestamptz NOT NULL DEFAULT now()
);

-- The table is new and empty, so plain CREATE INDEX is fine here.
CREATE INDEX IF NOT EXISTS audit_events_tenant_id_occurred_at_idx
    ON audit_events (tenant_id, occurred_at DESC);
CREATE INDEX IF NOT EXISTS audit_events_entity_idx
    ON audit_events (entity_type, entity_id);

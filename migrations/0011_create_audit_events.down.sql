-- Remove the audit_events table (and its indexes) created in
-- 0011_create_audit_events.up.sql.

DROP INDEX IF EXISTS audit_events_entity_idx;
DROP INDEX IF EXISTS audit_events_tenant_id_occurred_at_idx;
DROP TABLE IF EXISTS audit_events;

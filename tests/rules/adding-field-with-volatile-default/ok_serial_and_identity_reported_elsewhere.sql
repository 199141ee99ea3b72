-- serial and identity columns rewrite the table too, but adding-serial-or-identity-column reports
-- them, so this rule does not report them a second time.
ALTER TABLE audit_log ADD COLUMN seq bigserial;
ALTER TABLE legacy_events ADD COLUMN event_id bigint GENERATED ALWAYS AS IDENTITY;

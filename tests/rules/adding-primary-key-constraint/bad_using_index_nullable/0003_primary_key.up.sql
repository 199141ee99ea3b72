-- id is still nullable: the implied SET NOT NULL scans the table.
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx; -- expect: adding-primary-key-constraint

ALTER TABLE bookings
    ADD CONSTRAINT bookings_no_overlap -- expect: adding-exclusion-constraint
        EXCLUDE USING gist (room_id WITH =, during WITH &&);
ALTER TABLE shifts ADD EXCLUDE USING gist (worker_id WITH =, period WITH &&) WHERE (NOT cancelled); -- expect: adding-exclusion-constraint

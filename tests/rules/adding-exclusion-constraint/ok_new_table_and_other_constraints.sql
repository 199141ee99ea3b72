CREATE TABLE bookings (room_id bigint NOT NULL, during tstzrange NOT NULL,
                       EXCLUDE USING gist (room_id WITH =, during WITH &&));
CREATE TABLE shifts (worker_id bigint NOT NULL, period tstzrange NOT NULL);
ALTER TABLE shifts ADD CONSTRAINT shifts_no_overlap EXCLUDE USING gist (worker_id WITH =, period WITH &&);
-- Other constraints are other rules' business.
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_idx;

-- The table is created earlier in this migration: it is empty, so a required column cannot fail.
CREATE TABLE shipments (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL
);
ALTER TABLE shipments ADD COLUMN carrier text NOT NULL;
ALTER TABLE ONLY shipments ADD COLUMN tracking_number text NOT NULL, ADD COLUMN label_id uuid PRIMARY KEY;

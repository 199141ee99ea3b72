ALTER TABLE orders
    ADD CONSTRAINT orders_assigned_user_id_fkey
    FOREIGN KEY (assigned_user_id) REFERENCES users (id) ON DELETE SET NULL
    NOT VALID;

-- VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE and ROW SHARE (belongs in a later migration).
ALTER TABLE orders VALIDATE CONSTRAINT orders_assigned_user_id_fkey;

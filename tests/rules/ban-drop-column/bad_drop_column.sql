ALTER TABLE orders DROP COLUMN notes; -- expect: ban-drop-column
ALTER TABLE IF EXISTS shop.users DROP COLUMN IF EXISTS legacy_id CASCADE; -- expect: ban-drop-column
-- Two columns in one statement: one finding each.
ALTER TABLE orders DROP COLUMN a, DROP COLUMN b; -- expect: ban-drop-column, ban-drop-column

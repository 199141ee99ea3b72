-- Adding the column without a default and setting a volatile default afterwards touches no
-- existing row: SET DEFAULT only applies to rows inserted later.
ALTER TABLE orders ADD COLUMN public_id uuid;
ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT gen_random_uuid();
-- A volatile default in CREATE TABLE is evaluated per inserted row, never as a rewrite.
CREATE TABLE webhooks (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), url text NOT NULL);

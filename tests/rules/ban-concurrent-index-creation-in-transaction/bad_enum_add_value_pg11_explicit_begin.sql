-- pg-version: 11
-- sqlmigrate:no-transaction
-- The type was created before BEGIN, in a transaction of its own, so the exception does not apply.
CREATE TYPE shipment_status AS ENUM ('pending');
BEGIN;
ALTER TYPE shipment_status ADD VALUE 'sent'; -- expect: ban-concurrent-index-creation-in-transaction
COMMIT;
ALTER TYPE shipment_status ADD VALUE 'delivered';

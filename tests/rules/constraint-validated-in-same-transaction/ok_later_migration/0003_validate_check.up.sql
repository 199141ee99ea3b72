-- Its own transaction: only SHARE UPDATE EXCLUSIVE is held during the scan.
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonnegative;

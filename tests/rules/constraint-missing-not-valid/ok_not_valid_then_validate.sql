ALTER TABLE orders ADD CONSTRAINT orders_total_cents_nonnegative CHECK (total_cents >= 0) NOT VALID;

ALTER TABLE orders
    ADD COLUMN discount_cents bigint,
    ADD CONSTRAINT orders_discount_cents_nonnegative CHECK (discount_cents >= 0) NOT VALID;

-- VALIDATE CONSTRAINT takes only SHARE UPDATE EXCLUSIVE (belongs in a later migration; not this rule's business).
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_cents_nonnegative;

ALTER TABLE orders ADD COLUMN note text; -- expect: require-lock-timeout
-- Already held by this transaction: no new wait, no finding.
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';
CREATE INDEX customers_email_idx ON customers (email); -- expect: require-lock-timeout
CREATE TRIGGER audit_touch BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION touch(); -- expect: require-lock-timeout

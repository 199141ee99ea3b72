-- The index created here lives in schema audit; the one dropped is public.events_at_idx, an old one.
CREATE INDEX events_at_idx ON audit.events (at);
DROP INDEX events_at_idx; -- expect: require-concurrent-index-deletion

-- One new index and one old one in the same statement: the old one still locks its table.
CREATE INDEX tmp_idx ON orders (id);
DROP INDEX tmp_idx, orders_old_idx; -- expect: require-concurrent-index-deletion

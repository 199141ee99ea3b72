-- A migration of one CREATE INDEX CONCURRENTLY runs outside a transaction even without the directive.
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note); -- expect: prefer-robust-stmts

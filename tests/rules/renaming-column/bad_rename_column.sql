ALTER TABLE orders RENAME COLUMN notes TO remarks; -- expect: renaming-column
ALTER TABLE shop.users RENAME email TO email_address; -- expect: renaming-column
ALTER VIEW order_summaries RENAME COLUMN total TO total_cents; -- expect: renaming-column

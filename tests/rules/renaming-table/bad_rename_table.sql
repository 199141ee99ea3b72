ALTER TABLE orders RENAME TO purchases; -- expect: renaming-table
ALTER TABLE IF EXISTS shop.users RENAME TO accounts; -- expect: renaming-table

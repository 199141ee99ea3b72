-- Forgets the type, the new orders column and its index.
DROP TABLE shipments;

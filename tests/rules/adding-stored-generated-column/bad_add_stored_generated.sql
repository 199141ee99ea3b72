ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED; -- expect: adding-stored-generated-column
ALTER TABLE orders
    ADD COLUMN search tsvector
        CONSTRAINT orders_search_generated GENERATED ALWAYS AS (to_tsvector('simple', note)) STORED; -- expect: adding-stored-generated-column

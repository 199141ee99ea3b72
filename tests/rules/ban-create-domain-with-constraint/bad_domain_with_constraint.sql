CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%'); -- expect: ban-create-domain-with-constraint
CREATE DOMAIN shop.price AS numeric(12, 2)
    NOT NULL -- expect: ban-create-domain-with-constraint
    CONSTRAINT price_positive CHECK (VALUE >= 0); -- expect: ban-create-domain-with-constraint

ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%'); -- expect: ban-alter-domain-with-add-constraint
ALTER DOMAIN shop.price ADD CHECK (VALUE >= 0); -- expect: ban-alter-domain-with-add-constraint
ALTER DOMAIN shop.price SET NOT NULL; -- expect: ban-alter-domain-with-add-constraint

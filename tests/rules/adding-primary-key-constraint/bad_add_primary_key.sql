ALTER TABLE events ADD PRIMARY KEY (id); -- expect: adding-primary-key-constraint

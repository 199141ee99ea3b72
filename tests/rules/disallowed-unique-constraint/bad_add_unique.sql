ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email); -- expect: disallowed-unique-constraint

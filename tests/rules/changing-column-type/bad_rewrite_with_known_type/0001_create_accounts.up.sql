CREATE TABLE accounts (
    id          integer PRIMARY KEY,
    handle      varchar(40) NOT NULL,
    balance     numeric(10, 2),
    created_at  timestamp,
    code        char(4)
);

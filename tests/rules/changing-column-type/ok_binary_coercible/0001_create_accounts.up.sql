CREATE TABLE accounts (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handle    varchar(20) NOT NULL,
    bio       varchar(200),
    note      text,
    balance   numeric(10, 2),
    tax_rate  numeric(5, 4),
    last_ip   cidr,
    nickname  character varying(30)
);

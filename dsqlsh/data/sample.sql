-- dsqlsh's sample schema: a pet clinic's owners, their pets and their orders.
--
-- owner and pet come from the aurora-dsql-samples quickstart (UUID keys from gen_random_uuid());
-- orders takes its identity column from AWS's "Working with identity columns and sequences in
-- Aurora DSQL"; order_seq is the samples' standalone sequence. Every statement is valid on Aurora
-- DSQL: one DDL statement per transaction and no DDL mixed with DML, identity columns are bigint
-- with an explicit CACHE (1 or >= 65536), sequences state their CACHE, indexes are CREATE INDEX ASYNC.
--
-- Load it on a cluster or the playground with \i, or start the playground with: dsqlsh --local --sample
-- Then try \d orders, \seq, \identity and \async-indexes.

CREATE TABLE owner (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(30) NOT NULL,
    city VARCHAR(80) NOT NULL,
    telephone VARCHAR(20)
);

CREATE TABLE pet (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(30) NOT NULL,
    birth_date DATE NOT NULL,
    owner_id UUID
);

CREATE TABLE orders (
    order_id BIGINT GENERATED ALWAYS AS IDENTITY (CACHE 70000) PRIMARY KEY,
    order_number BIGINT NOT NULL,
    owner_id UUID NOT NULL,
    order_date DATE NOT NULL DEFAULT CURRENT_DATE,
    total_amount DECIMAL(10,2)
);

-- Order numbers without gaps, in order: CACHE 1 (CACHE >= 65536 would be faster but leave gaps).
CREATE SEQUENCE order_seq CACHE 1 START 101;

CREATE INDEX ASYNC idx_owner_city ON owner (city);

CREATE INDEX ASYNC idx_pet_owner ON pet (owner_id);

CREATE INDEX ASYNC idx_orders_owner ON orders (owner_id, order_date);

BEGIN;
INSERT INTO owner (name, city, telephone) VALUES
    ('John Doe', 'New York', '555-555-0150'),
    ('Mary Major', 'Anytown', '555-555-0151'),
    ('Richard Roe', 'Seattle', NULL);
INSERT INTO pet (name, birth_date, owner_id)
    SELECT pet.name, pet.birth_date, owner.id
    FROM (VALUES ('Pikachu', DATE '2020-05-01', 'John Doe'),
                 ('Rex', DATE '2018-11-23', 'John Doe'),
                 ('Whiskers', DATE '2021-02-14', 'Mary Major'),
                 ('Bubbles', DATE '2022-07-30', 'Richard Roe')) AS pet (name, birth_date, owner_name)
    JOIN owner ON owner.name = pet.owner_name;
COMMIT;

BEGIN;
INSERT INTO orders (order_number, owner_id, order_date, total_amount)
    SELECT nextval('order_seq'), owner.id, o.order_date, o.total_amount
    FROM (VALUES ('John Doe', DATE '2026-01-05', 42.50),
                 ('John Doe', DATE '2026-02-11', 18.00),
                 ('Mary Major', DATE '2026-02-12', 99.99),
                 ('Richard Roe', DATE '2026-03-01', 7.25),
                 ('Mary Major', DATE '2026-03-09', 23.40)) AS o (owner_name, order_date, total_amount)
    JOIN owner ON owner.name = o.owner_name
    ORDER BY o.order_date;
COMMIT;

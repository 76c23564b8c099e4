-- about: \dn \du \dg \df \dp \z \l with + and S
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the application';
CREATE TABLE app.t (a int, b int);
CREATE TABLE orders (id int);
CREATE SEQUENCE order_seq CACHE 1;
CREATE VIEW v AS SELECT 1 AS one;
GRANT SELECT ON orders TO PUBLIC;
GRANT SELECT (a) ON app.t TO PUBLIC;
CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql IMMUTABLE AS 'select i + 1';
CREATE FUNCTION add_one(i bigint) RETURNS bigint LANGUAGE sql AS 'select i + 1';
CREATE PROCEDURE tidy() LANGUAGE sql AS 'select 1';
CREATE AGGREGATE my_sum(int) (sfunc = int4pl, stype = int);
\dn
\dn+
\dn app
\dnS pg_catalog
\df
\df+
\dfn
\dfp
\dfa
\df add_one integer
\df add_one bigint
\df add_one -
\df *.add* int
\dfS+ int4pl
\dp
\dp orders
\z app.*
\dpS pg_class
\du postgres
\dg postgres
\du+ postgres
\l template1
\l+ template0

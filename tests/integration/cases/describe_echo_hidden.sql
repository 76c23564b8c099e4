-- about: -E shows the queries \d commands send, the same text psql sends (no OIDs in these)
-- args: -X -E -f {script}
CREATE SCHEMA app;
CREATE TABLE app.orders (a int);
CREATE TABLE orders (id int);
\dt
\dt+ public.ord*
\d
\di app.*
\dn+
\dn app
\df+ add*
\df ad* int -
\dp orders
\du+ postgres
\l+ template1
\set ECHO_HIDDEN off
\dt
\echo done

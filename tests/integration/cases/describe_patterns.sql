-- about: psql's name patterns in \d commands: wildcards, schemas, quoting, case folding, errors
CREATE SCHEMA app;
CREATE TABLE app."Mixed Case" (a int);
CREATE TABLE app.orders (a int);
CREATE TABLE orders (id int);
CREATE TABLE ordinal (id int);
CREATE TABLE "UPPER" (a int);
CREATE TABLE "with$dollar" (a int);
\dt public.ord*
\dt ord?nal
\dt *.orders
\dt APP.*
\dt app.mixed*
\dt app."Mixed Case"
\d app."Mixed Case"
\d "UPPER"
\d upper
\dt with$dollar
\dt "app".*
\dt public.
\dt nosuch
\dt nosuch.*
\d nosuch
\d a.b.c.d
\d x.y.z
\dn a.b
\du a.b
\dt orders ordinal
\echo still running

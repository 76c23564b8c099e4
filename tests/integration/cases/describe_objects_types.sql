-- about: \dT \dD \do \dC \dO (data types, domains, operators, casts, collations) with patterns, +, S and x
-- args: -X -a -q
-- stdin: yes
CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE mood IS 'how it feels';
CREATE TYPE app.pair AS (a int, b text);
CREATE TABLE t (a int, b int);
CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0) CHECK (VALUE < 1000);
CREATE DOMAIN app."Short Text" AS text COLLATE "C";
COMMENT ON DOMAIN posint IS 'positive';
CREATE FUNCTION myplus(int, int) RETURNS int LANGUAGE sql AS 'select $1 + $2';
CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = myplus);
CREATE FUNCTION myneg(int) RETURNS int LANGUAGE sql AS 'select -$1';
CREATE OPERATOR app.!- (RIGHTARG = int, FUNCTION = myneg);
COMMENT ON OPERATOR === (int, int) IS 'sum, loudly';
CREATE FUNCTION mood_text(mood) RETURNS text LANGUAGE sql AS 'select $1::text';
CREATE CAST (mood AS text) WITH FUNCTION mood_text(mood);
COMMENT ON CAST (mood AS text) IS 'say it';
CREATE COLLATION mycoll (locale = 'C');
CREATE COLLATION app.other (locale = 'POSIX');
\dT
\dT+
\dTx mood
\dT app.*
\dTS int*
\dT int
\dT int[]
\dT "mood"
\dT nosuch
\dD
\dD+
\dDS+ app.*
\dD pos*
\do
\do+
\do ===
\do !- int
\do === int int
\do === - int
\do === int int ignored
\doS ~ text text
\doS+x ||
\dC mood
\dC+ mood
\dCx+ text
\dO
\dO+
\dOS mycoll
\dOS+ ucs_basic
\dO app.*
\dO nosuch

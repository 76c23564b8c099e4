-- about: \set ECHO queries / all / errors / none inside a script, ECHO_HIDDEN unused
\set ECHO queries
select 1 as a;
\set ECHO all
select 2 as b;
\set ECHO errors
select nosuch;
\set ECHO none
select 3 as c;

-- about: \sf, \sv go to \o's target; \copyright to stdout; AUTOCOMMIT off opens no transaction; an aborted one
-- args: -X -a -q
-- stdin: yes
-- files: out.txt
create function f(int) returns int language sql return $1;
create view v as select 1 as one;
\o out.txt
\sf+ f
\sv v
\copyright
\echo :ERROR
\o
\copyright extra argument
\set AUTOCOMMIT off
\sf f
\sv v
select 1/0;
\sf f
\sv v
\echo :ERROR :LAST_ERROR_MESSAGE
rollback;
\sf f(int) 
\errverbose
\if false
  \sf whole line \endif
  \sv whole line
  \ef whole_line
  \ev whole_line
  \copyright
\else
  \echo else branch
\endif
\set ON_ERROR_STOP on
\sv f
\echo not reached

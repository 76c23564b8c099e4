-- about: \copy with \o, QUIET, ECHO queries, AUTOCOMMIT off, a transaction block
-- files: o.txt
create table t(id int, name text);
\copy t from stdin
1	a
\.
\o o.txt
\copy t to stdout
\copy t to pstdout
\o
\set QUIET on
\copy t from stdin
2	b
\.
\copy t to 'q.txt'
\set QUIET off
\set ECHO queries
\copy t to 'e.txt'
\copy (select 1) to stdout
\set ECHO none
begin;
\copy t from stdin
3	c
\.
rollback;
\set AUTOCOMMIT off
\copy t from stdin
4	d
\.
rollback;
\set AUTOCOMMIT on
select * from t order by id;

-- about: \copy errors as psql prints them: parse errors, files, directories, server errors, data after an error
create table t(id int, name text);
\copy
\copy t from
\copy t (id from stdin
\copy t frm stdin
\copy t from program cat
\copy t.  from stdin
\copy (select 1 to stdout
\copy t from 'no/such/file'
\copy t to 'no/such/dir/file'
\copy t from '.'
\copy t to '.'
\copy nosuch from stdin
1	a
\.
\copy t from stdin
1	a
x	y
\.
\copy t to stdout with (format csv, bogus 1)
\copy (select 1/0) to 'never.txt'
\copy t from stdin csv
1,"unterminated
\.
select count(*) from t;
\set ON_ERROR_STOP on
\copy t from stdin
z
\.
select 'not reached';

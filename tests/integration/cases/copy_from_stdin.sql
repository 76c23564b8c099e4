-- about: COPY FROM STDIN inside a script reads the following lines up to \. (as pg_dump writes)
create table t(id int, name text);
copy t (id, name) from stdin;
1	one
2	\N
3	with\ttab
\.
select * from t order by id;
copy t from stdin with (format csv);
4,"quoted, comma"
\.
select count(*) from t;
copy t to stdout;

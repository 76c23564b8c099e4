-- about: COPY FROM STDIN when the whole script is piped on stdin
-- args: -X
-- stdin: yes
create table t(id int, name text);
copy t from stdin;
1	one
2	two
\.
select * from t order by id;
copy t from stdin;
bad	row	extra
\.
select count(*) from t;

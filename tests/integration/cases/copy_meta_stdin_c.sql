-- about: \copy ... from stdin with -c reads the real stdin up to \.; pstdin and pstdout too
-- args: -X -c 'create table t(id int, name text)' -c '\copy t from stdin' -c '\copy t to stdout'
-- args: -c '\copy t from pstdin csv' -c '\copy (select count(*) from t) to pstdout'
-- stdin: yes
1	one
2	\N
\.
3,"three, 3"
4,

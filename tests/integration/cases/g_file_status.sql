-- about: with \g FILE the rows go to the file, opened only when rows come (a command without rows
-- about: creates no file), and the command status to the regular output (\o); a file that cannot
-- about: be opened fails the query after it ran, as psql 18
create temporary table dst (id int);
insert into dst values (1) \g gout1
insert into dst values (2) returning id \g gout2
select 1 \g gout3
\o gout4
insert into dst values (3) returning id \g gout5
update dst set id = id \g gout6
\o
select 1/0 \g gout7
\! ls
\! cat gout2 gout3 gout4 gout5
insert into dst values (4) returning id \g nowhere/x
\echo :ERROR :ROW_COUNT :SQLSTATE
insert into dst values (5) \g nowhere/y
\echo :ERROR :ROW_COUNT
\set FETCH_COUNT 1
select id from dst order by id \g nowhere/z
\echo :ERROR :ROW_COUNT
\unset FETCH_COUNT
copy (select 1) to stdout \g nowhere/w
\echo :ERROR
select count(*) from dst;
copy (select 2) to stdout \g gout8
\! cat gout8
\set ON_ERROR_STOP 1
select 1 \g nowhere/v
\echo not reached

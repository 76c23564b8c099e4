-- about: ROW_COUNT, ERROR, SQLSTATE, LAST_ERROR_MESSAGE, LAST_ERROR_SQLSTATE after success and failure
\echo :ERROR :SQLSTATE :ROW_COUNT [:LAST_ERROR_MESSAGE] :LAST_ERROR_SQLSTATE
select g from generate_series(1, 3) g;
\echo :ERROR :SQLSTATE :ROW_COUNT
create table t(a int);
\echo :ERROR :SQLSTATE :ROW_COUNT
insert into t select generate_series(1, 4);
\echo :ERROR :SQLSTATE :ROW_COUNT
update t set a = a where a > 1;
\echo :ROW_COUNT
select 1/0;
\echo :ERROR :SQLSTATE :ROW_COUNT
\echo :LAST_ERROR_MESSAGE :LAST_ERROR_SQLSTATE
select 1 as ok;
\echo :ERROR :SQLSTATE :ROW_COUNT :LAST_ERROR_SQLSTATE
insert into nosuch values (1);
\echo :'LAST_ERROR_MESSAGE'
